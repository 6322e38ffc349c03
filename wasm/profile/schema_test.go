package profile

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
)

// TestSchemaDocumentsEveryField keeps web/profile.schema.json in step with
// Encode: every key Encode writes is documented, and nothing undocumented
// is written.
func TestSchemaDocumentsEveryField(t *testing.T) {
	data, err := os.ReadFile("../../web/profile.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("profile.schema.json: %v", err)
	}
	var doc any
	if err := json.Unmarshal(Encode(full()), &doc); err != nil {
		t.Fatal(err)
	}
	defs, _ := schema["$defs"].(map[string]any)
	var walk func(path string, v any, s map[string]any)
	walk = func(path string, v any, s map[string]any) {
		if ref, ok := s["$ref"].(string); ok {
			s, _ = defs[ref[len("#/$defs/"):]].(map[string]any)
		}
		switch v := v.(type) {
		case map[string]any:
			props, _ := s["properties"].(map[string]any)
			extra, _ := s["additionalProperties"].(map[string]any)
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				sub, ok := props[k].(map[string]any)
				if !ok {
					sub = extra
				}
				if sub == nil {
					t.Errorf("%s.%s is written but not in the schema", path, k)
					continue
				}
				walk(path+"."+k, v[k], sub)
			}
		case []any:
			items, _ := s["items"].(map[string]any)
			if _, tuple := s["prefixItems"]; tuple {
				return // [day, count]
			}
			for _, el := range v {
				if items == nil {
					t.Errorf("%s[] is written but the schema has no items", path)
					return
				}
				walk(path+"[]", el, items)
			}
		}
	}
	walk("profile", doc, schema)
}
