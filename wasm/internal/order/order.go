// Package order sorts the module's strings through sort.Slice, the one sort
// the module links. sort.Strings and the slices package instantiate a
// generic sort per element type (pdqsort, insertion, heap and stable
// sorts): about 15 KB of module code for each type.
package order

import "sort"

// Strings sorts ss in increasing order, as sort.Strings does. Short lists
// (a condition's topics, sorted on every decision) are sorted in place by
// insertion, without sort.Slice's two allocations.
func Strings(ss []string) {
	if len(ss) > 12 {
		sort.Slice(ss, func(i, j int) bool { return ss[i] < ss[j] })
		return
	}
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j] < ss[j-1]; j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}
