package main

import (
	"slices"
	"testing"
	"time"
)

func TestRemPlanFloor(t *testing.T) {
	for _, order := range []string{"random", "grouped"} {
		t.Run(order, func(t *testing.T) {
			p := newRemPlan(remOptions{N: 100, Channels: 10, Order: order, Seed: 1})
			if len(p.order) != 100 || len(p.channels) != 10 {
				t.Fatalf("%d reminders, %d channels", len(p.order), len(p.channels))
			}
			sorted := slices.Sorted(slices.Values(p.order))
			for i, v := range sorted {
				if v != i {
					t.Fatalf("order is not a permutation: %v", sorted)
				}
			}
			fl := p.floorLateness(time.Second)
			count := map[time.Duration]int{}
			for _, d := range fl {
				count[d]++
			}
			// Each channel's reminders go out 0, 1, ... 9 s late at best.
			for k := range 10 {
				if count[time.Duration(k)*time.Second] != 10 {
					t.Fatalf("floor lateness counts %v, want ten of each 0..9 s", count)
				}
			}
			if s := summarize(fl); s.P50 != 4*time.Second || s.Max != 9*time.Second {
				t.Fatalf("floor p50 %v max %v, want 4s and 9s", s.P50, s.Max)
			}
		})
	}
}

func TestExcerptRE(t *testing.T) {
	blocks := `[{"type":"section","text":{"type":"mrkdwn","text":"\u003e planbench reminder 4711"}}]`
	m := excerptRE.FindStringSubmatch(blocks)
	if m == nil || m[1] != "4711" {
		t.Fatalf("match %v", m)
	}
	if excerptRE.MatchString("planbench reminder 47110x") {
		t.Fatal("matched a longer token")
	}
}
