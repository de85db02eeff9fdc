package search

import (
	"time"

	"cocreate/app/corpus"
)

// generatedChallenges is how many challenges generated ideas spread over;
// each challenge holds ideas of one topic, as a real challenge would.
const perTopicChallenges = 10

var topicIndex = func() map[string]int64 {
	m := map[string]int64{}
	for i, t := range corpus.Topics() {
		m[t] = int64(i)
	}
	return m
}()

// generatedIdea turns the i-th generated idea into an indexed idea with id
// firstID+i, a challenge chosen by its topic, and a state drawn with the
// proportions of a busy portal (a few percent hidden, merged or withdrawn).
func generatedIdea(g *corpus.Generator, firstID int64, i int) Doc {
	idea := g.Idea(i)
	id := firstID + int64(i)
	return Doc{
		Type:        TypeIdea,
		ID:          id,
		ChallengeID: 1000 + topicIndex[idea.Topic]*perTopicChallenges + int64(i%perTopicChallenges),
		IdeaID:      id,
		Title:       idea.Title,
		Summary:     idea.Summary,
		Body:        idea.Body,
		Tags:        idea.Tags,
		State:       generatedState(i),
		CreatedAt:   time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
	}
}

func generatedState(i int) string {
	switch n := (i * 7919) % 100; {
	case n < 70:
		return "submitted"
	case n < 80:
		return "shortlisted"
	case n < 82:
		return "winner"
	case n < 92:
		return "not_selected"
	case n < 96:
		return "hidden"
	case n < 98:
		return "merged"
	default:
		return "withdrawn"
	}
}

// feedGenerated emits n generated ideas in batches, for Rebuild.
func feedGenerated(g *corpus.Generator, firstID int64, n, batch int) func(emit func([]Doc) error) error {
	return func(emit func([]Doc) error) error {
		docs := make([]Doc, 0, batch)
		for i := 0; i < n; i++ {
			docs = append(docs, generatedIdea(g, firstID, i))
			if len(docs) == batch {
				if err := emit(docs); err != nil {
					return err
				}
				docs = docs[:0]
			}
		}
		if len(docs) > 0 {
			return emit(docs)
		}
		return nil
	}
}

func corpusGen() *corpus.Generator { return corpus.New(1) }
