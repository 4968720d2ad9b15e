// Package parallel runs a loop's bodies on a few goroutines.
package parallel

import "sync"

// Do calls fn(0), fn(1), ..., fn(n-1) on up to workers goroutines (at
// least one) and returns when all have returned. Each goroutine takes the
// next index as it becomes free, so slow bodies do not hold up the rest.
func Do(n, workers int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
