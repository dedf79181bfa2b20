package plan

// PendingEvent is a Slack Events API event that a process claimed and did
// not finish handling, as another process takes it over once the first
// one's lease ended: its ID, the payload Slack sent, and how many
// processes have held it, this one included.
type PendingEvent struct {
	ID       string
	Payload  []byte
	Attempts int
}
