// Package order sorts the module's strings through sort.Slice, the one sort
// the module links. sort.Strings and the slices package instantiate a
// generic sort per element type (pdqsort, insertion, heap and stable
// sorts): about 15 KB of module code for each type.
package order

import "sort"

// Strings sorts ss in increasing order, as sort.Strings does.
func Strings(ss []string) {
	sort.Slice(ss, func(i, j int) bool { return ss[i] < ss[j] })
}
