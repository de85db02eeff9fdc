// Package judging holds the rules of a challenge's judging round: what makes
// a rubric and a scorecard valid, which judge scores which shortlisted idea,
// how the judges' scores and the crowd's votes combine into the final
// ranking, and how far the judges agree with each other.
//
// The ranking's central promise is that a harsh judge and a lenient judge
// count the same: every judge's scores are turned into z-scores against that
// judge's own mean and spread before they are combined, so only a judge's
// relative judgements reach the result.
//
// Everything here is a plain function over plain values; the store loads the
// rubric, scorecards and vote counts, and the web layer shows the results.
package judging
