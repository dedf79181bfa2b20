package plan

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxPostLabelLen bounds the label of a post in pasted results.
const MaxPostLabelLen = 100

// ParseCountLocale reads a whole count (impressions, clicks) as a person
// typed it in the convention loc (see ParseNumberLocale). A count has no
// fraction, so a separator that could be a decimal mark or a thousands
// separator is read as the only reading that is a whole number: "1,250"
// typed by a French reader is 1 250, since 1,25 cannot be a count. When
// both readings are whole ("1.000" in English: 1 000 or 1) it is still
// *AmbiguousNumberError. Besides ParseNumberLocale's errors it returns
// EINVALID experiment.count.invalid for a number that is not a whole
// count, 0 or more (a fraction, a sign, a percent or a currency).
func ParseCountLocale(s string, loc NumberLocale) (int64, error) {
	n, err := ParseNumberLocale(s, loc)
	var amb *AmbiguousNumberError
	if errors.As(err, &amb) && whole(amb.Grouped) && !whole(amb.Decimal) {
		n, err = Number{Value: amb.Grouped}, nil
	}
	if err != nil {
		return 0, err
	}
	if !whole(n.Value) || n.Value < 0 || n.Percent || n.Currency != "" {
		return 0, &Error{Code: EINVALID, Key: "experiment.count.invalid", Message: "not a whole count"}
	}
	return int64(n.Value), nil
}

// whole reports whether f has no fraction.
func whole(f float64) bool { return f == math.Trunc(f) }

// ExperimentPostColumns are the columns of pasted post-level results, in
// order: the variant (its letter, A to D, or its name), the post's label
// (optional; the column may be left out), its exposures and its successes.
var ExperimentPostColumns = []string{"variant", "post", "exposures", "successes"}

// ReadExperimentPosts reads results per post pasted as text, one post a
// line, in ExperimentPostColumns order: "A, Tuesday reel, 1200, 36". Cells
// are separated by tabs (a copy from a spreadsheet), semicolons or commas,
// whichever the first line uses (tabs first); with commas, a count with a
// thousands comma must be quoted. A first line whose first cell is
// "variant" or "variante" is a header. variants are the experiment's
// variants' names, the control first; counts are read by
// ParseCountLocale in the convention loc of the person pasting.
//
// It returns the posts, or the errors of every bad line (RowErrors, with
// the line in the paste): fields columns (experiment.posts.columns, Value
// the count of cells found), variant (experiment.post.variant), post
// (experiment.post.label.too_long), exposures and successes (a key of
// ParseCountLocale's, experiment.exposures.invalid for 0 exposures,
// experiment.successes.too_many); or one error with field posts
// (experiment.posts.empty, experiment.posts.too_many, csv.syntax).
func ReadExperimentPosts(text string, variants []string, loc NumberLocale) ([]ExperimentPost, RowErrors) {
	text = strings.TrimPrefix(text, "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = postsDelimiter(text)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var (
		posts []ExperimentPost
		re    RowErrors
	)
	first := true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, RowErrors{{Row: line, Field: "posts", Key: "csv.syntax"}}
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if h := strings.ToLower(strings.TrimSpace(rec[0])); h == "variant" || h == "variante" {
				continue
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(posts) == MaxPostsPerRun {
			return nil, RowErrors{{Row: line, Field: "posts", Key: "experiment.posts.too_many", Value: strconv.Itoa(MaxPostsPerRun)}}
		}
		p, errs := readPost(rec, line, variants, loc)
		if len(errs) > 0 {
			re = append(re, errs...)
			continue
		}
		posts = append(posts, p)
	}
	if len(re) > 0 {
		return nil, re
	}
	if len(posts) == 0 {
		return nil, RowErrors{{Row: 1, Field: "posts", Key: "experiment.posts.empty"}}
	}
	return posts, nil
}

// readPost reads one line of pasted posts.
func readPost(rec []string, line int, variants []string, loc NumberLocale) (ExperimentPost, RowErrors) {
	var re RowErrors
	if len(rec) == 3 {
		rec = []string{rec[0], "", rec[1], rec[2]}
	}
	if len(rec) != len(ExperimentPostColumns) {
		return ExperimentPost{}, RowErrors{{Row: line, Field: "columns", Key: "experiment.posts.columns", Value: strconv.Itoa(len(rec))}}
	}
	p := ExperimentPost{Variant: variantIndex(rec[0], variants), Label: strings.TrimSpace(rec[1])}
	if p.Variant < 0 {
		re = append(re, RowError{Row: line, Field: "variant", Key: "experiment.post.variant", Value: strings.TrimSpace(rec[0])})
	}
	if len([]rune(p.Label)) > MaxPostLabelLen {
		re = append(re, RowError{Row: line, Field: "post", Key: "experiment.post.label.too_long", Value: p.Label})
	}
	count := func(field, cell string) int64 {
		n, err := ParseCountLocale(cell, loc)
		if err != nil {
			e := RowError{Row: line, Field: field, Key: ErrorKey(err), Value: strings.TrimSpace(cell)}
			var amb *AmbiguousNumberError
			if errors.As(err, &amb) {
				e.Grouped, e.Decimal = amb.Grouped, amb.Decimal
			}
			re = append(re, e)
		}
		return n
	}
	p.Exposures, p.Successes = count("exposures", rec[2]), count("successes", rec[3])
	if len(re) == 0 {
		switch {
		case p.Exposures == 0:
			re = append(re, RowError{Row: line, Field: "exposures", Key: "experiment.exposures.invalid", Value: strings.TrimSpace(rec[2])})
		case p.Successes > p.Exposures:
			re = append(re, RowError{Row: line, Field: "successes", Key: "experiment.successes.too_many", Value: strings.TrimSpace(rec[3])})
		}
	}
	return p, re
}

// variantIndex returns the index of the variant a cell names, by letter
// (A to D) or by name, whatever the case; -1 when none.
func variantIndex(cell string, variants []string) int {
	cell = strings.TrimSpace(cell)
	if len(cell) == 1 {
		if i := int(strings.ToUpper(cell)[0]) - 'A'; i >= 0 && i < len(variants) {
			return i
		}
	}
	return slices.IndexFunc(variants, func(name string) bool { return strings.EqualFold(strings.TrimSpace(name), cell) })
}

// postsDelimiter is the separator of pasted posts: a tab when the first
// line has one, else a semicolon when it has one, else a comma.
func postsDelimiter(text string) rune {
	line, _, _ := strings.Cut(strings.TrimLeft(text, "\r\n"), "\n")
	switch {
	case strings.Contains(line, "\t"):
		return '\t'
	case strings.Contains(line, ";"):
		return ';'
	}
	return ','
}
