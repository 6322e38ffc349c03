package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-personalization/hearth/internal/atomicfile"
)

// results is bench/results.json: the last run of each stage, so that a
// run of one stage (-only) updates its own part and keeps the others.
// docs/PERFORMANCE.md is written from it, never by hand.
type results struct {
	Stages map[string]*stageResult `json:"stages"`
}

// stageResult is what one stage measured: its figures, the tables it
// printed, and when and where.
type stageResult struct {
	When     string     `json:"when"`    // RFC 3339, UTC
	Machine  string     `json:"machine"` // cores and platform: figures compare as ratios only
	Options  string     `json:"options,omitempty"`
	Figures  []figure   `json:"figures,omitempty"`
	Tables   string     `json:"tables,omitempty"`   // as printed, progress lines left out
	Accuracy []accuracy `json:"accuracy,omitempty"` // the measure stage's simulation
}

// readResults reads path; a missing file is an empty result.
func readResults(path string) (*results, error) {
	r := &results{Stages: map[string]*stageResult{}}
	js, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(js, r); err != nil {
		return nil, errors.New("bench: " + path + ": " + err.Error())
	}
	if r.Stages == nil {
		r.Stages = map[string]*stageResult{}
	}
	return r, nil
}

// write writes r to path through a temporary file, so that a failed write
// leaves the last results whole.
func (r *results) write(path string) error {
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, append(js, '\n'))
}

// machine names what the figures were measured on.
func machine() string {
	return strings.Join([]string{runtime.GOOS + "/" + runtime.GOARCH, strconv.Itoa(runtime.NumCPU()) + " cores"}, ", ")
}

// tables keeps what a stage printed for the reader: its progress lines
// ("bench: …") are left out, and the blank lines around it.
type tables struct {
	w   io.Writer
	buf bytes.Buffer
}

func (t *tables) Write(p []byte) (int, error) {
	t.buf.Write(p)
	return t.w.Write(p)
}

func (t *tables) text() string {
	var keep []string
	for _, line := range strings.Split(t.buf.String(), "\n") {
		if !strings.HasPrefix(line, "bench:") {
			keep = append(keep, strings.TrimRight(line, " "))
		}
	}
	return strings.Trim(strings.Join(keep, "\n"), "\n")
}

// now is the moment a stage's result is stamped with.
func now() string { return time.Now().UTC().Format(time.RFC3339) }

// result is what a stage leaves in the results, or nil when it measured
// nothing (a stage skipped for want of a tool says so and adds nothing) or
// only part of itself (-lighthouse-only): the last whole run's part stays.
func (b *benchRun) result(stage, text string, figs []figure, acc []accuracy) *stageResult {
	if text == "" && len(figs) == 0 {
		return nil
	}
	r := &stageResult{When: now(), Machine: machine(), Figures: slices.Clone(figs), Tables: text, Accuracy: slices.Clone(acc)}
	switch stage {
	case "pagecost":
		if b.lhOnly != "" {
			return nil
		}
		r.Options = fmt.Sprintf("Lighthouse 12.8.2, %d rounds", b.lhRuns)
	case "phases":
		r.Options = fmt.Sprintf("%d loads", min(b.runs, 5))
	case "timings":
		r.Options = fmt.Sprintf("%d loads a timing", b.runs)
	case "measure":
		r.Options = fmt.Sprintf("%d simulated experiments a row", b.measureReps)
	}
	return r
}
