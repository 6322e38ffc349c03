package rules

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
)

// TestSchemaMatchesParser keeps web/hearth.schema.json in step with the
// parser: the same top-level keys, experience keys and condition names.
func TestSchemaMatchesParser(t *testing.T) {
	data, err := os.ReadFile("../../web/hearth.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
		Defs       struct {
			Condition struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"condition"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("hearth.schema.json: %v", err)
	}
	var exp struct {
		Items struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"items"`
	}
	json.Unmarshal(schema.Properties["experiences"], &exp)
	keys := func(m map[string]json.RawMessage) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string {
		s = append([]string(nil), s...)
		sort.Strings(s)
		return s
	}
	for _, tc := range []struct {
		what         string
		schema, code []string
	}{
		{"top-level keys", keys(schema.Properties), sorted(topLevelKeys)},
		{"experience keys", keys(exp.Items.Properties), sorted(experienceKeys)},
		{"conditions", keys(schema.Defs.Condition.Properties), sorted(conditionNames)},
	} {
		if !reflect.DeepEqual(tc.schema, tc.code) {
			t.Errorf("%s: schema %v, parser %v", tc.what, tc.schema, tc.code)
		}
	}
}
