package store

import "cocreate/app/domain"

// openedTell tells a project's start as the service does, with no actor to
// leave out (the tests that only need a project).
func openedTell(projectID int64, idea domain.Idea, a domain.Audience) []domain.Outgoing {
	return domain.ProjectOpenedNotices(projectID, 0, idea, a)
}
