// Package people holds the pure rules of fans' standing and meeting each
// other (issue #17): reputation points and levels, honour badges, profile
// fields, city fan clubs and their meetups (RSVP, waiting list, check-in),
// and the iCal text of a meetup. Nothing here reads a clock or a database:
// the service hands these functions what they decide on.
package people
