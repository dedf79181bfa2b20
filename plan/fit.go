package plan

import "slices"

// FitCell is where one persona meets one chosen network in the fit matrix.
type FitCell struct {
	Chosen  bool // the network is chosen to reach the persona
	Reaches bool // chosen, and the network is not stopped
	Online  bool // the persona is online on the network
}

// FitMatrix is the audience fit of a plan (step 5): personas by chosen
// networks, with the personas no chosen network reaches and the networks
// chosen for no persona. A stopped network keeps its column but reaches no
// one: what it was chosen for shows what stopping it left uncovered.
type FitMatrix struct {
	Personas []*Persona
	Channels []*Channel
	Cells    [][]FitCell // Cells[i][j]: Personas[i] on Channels[j]
	// Unreached are the personas no chosen network reaches: none is chosen
	// for them, or only stopped ones are.
	Unreached []*Persona
	// Unused are the chosen networks, stopped ones aside, that are chosen
	// for none of the personas.
	Unused []*Channel
}

// Fit computes the fit matrix of personas and chosen networks.
func Fit(personas []*Persona, channels []*Channel) FitMatrix {
	m := FitMatrix{Personas: personas, Channels: channels, Cells: make([][]FitCell, len(personas))}
	used := make([]bool, len(channels))
	for i, p := range personas {
		m.Cells[i] = make([]FitCell, len(channels))
		reached := false
		for j, c := range channels {
			cell := FitCell{
				Chosen: slices.Contains(c.PersonaIDs, p.ID),
				Online: slices.Contains(p.Networks, c.Network),
			}
			cell.Reaches = cell.Chosen && !c.Stopped()
			m.Cells[i][j] = cell
			if cell.Chosen {
				used[j] = true
			}
			if cell.Reaches {
				reached = true
			}
		}
		if !reached {
			m.Unreached = append(m.Unreached, p)
		}
	}
	for j, c := range channels {
		if !used[j] && !c.Stopped() {
			m.Unused = append(m.Unused, c)
		}
	}
	return m
}
