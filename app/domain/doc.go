// Package domain holds cocreate's types and its pure rules: which phase a
// challenge is in, what makes a title valid, how ideas rank, whether a vote
// fits the budget. Nothing here touches a database or HTTP, so every rule is a
// plain function tested with tables, and the store, the pages and the API all
// call the same one.
package domain
