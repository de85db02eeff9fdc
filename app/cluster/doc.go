// Package cluster holds the three-node test of issue 14 (its only content
// is that test): three real `cocreate serve` processes on one PostgreSQL
// database, a storm of votes across them with a ledger of the acknowledged
// ones, one node killed with SIGKILL mid-storm.
package cluster
