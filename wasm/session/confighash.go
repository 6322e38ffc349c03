package session

// ConfigHash is the config's text's FNV-1a hash (32 bits over its UTF-8
// bytes, 8 lowercase hex digits), kept with each replay: a replay from
// another config is not shown. The loader computes the same (configHash in
// web/hearth.js), but only on a page with a replay to check, before the
// module answers; the module computes it for every page view, off the
// page's main thread (#36: hashing a 15 KB config cost a phone ~5 ms).
func ConfigHash(text string) string {
	h := uint32(0x811c9dc5)
	for i := 0; i < len(text); i++ {
		h = (h ^ uint32(text[i])) * 0x01000193
	}
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[h&15]
		h >>= 4
	}
	return string(b[:])
}
