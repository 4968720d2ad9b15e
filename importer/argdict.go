package importer

import "strings"

// gcloud's list and dict flag values (arg_parsers.ArgList and ArgDict):
// items separated by commas, or by the delimiter that a leading ^DELIM^
// names (gcloud topic escaping), so that a value may hold commas:
// --args=^:^--lr=0.1,0.2:--epochs=3.

// splitList splits w into the items of a list; delim is the default
// delimiter (',' for flags, ';' inside a --worker-pool-spec).
func splitList(w word, delim string) []word {
	w, delim = customDelimiter(w, delim)
	if w.text == "" {
		return nil
	}
	var items []word
	start := 0
	for {
		i := strings.Index(w.text[start:], delim)
		if i < 0 {
			items = append(items, w.slice(start, len(w.text)))
			return items
		}
		items = append(items, w.slice(start, start+i))
		start += i + len(delim)
	}
}

func customDelimiter(w word, delim string) (word, string) {
	if strings.HasPrefix(w.text, "^") {
		if end := strings.Index(w.text[1:], "^"); end > 0 {
			return w.slice(end+2, len(w.text)), w.text[1 : end+1]
		}
	}
	return w, delim
}

// entry is one KEY=VALUE of a dict.
type entry struct {
	key, value word
	hasValue   bool // there was a '='
}

// splitDict splits w into the entries of a dict: KEY=VALUE items, split at
// their first '='.
func splitDict(w word) []entry {
	var entries []entry
	for _, item := range splitList(w, ",") {
		k, _, ok := strings.Cut(item.text, "=")
		e := entry{key: item.slice(0, len(k)), hasValue: ok}
		if ok {
			e.value = item.slice(len(k)+1, len(item.text))
		}
		entries = append(entries, e)
	}
	return entries
}
