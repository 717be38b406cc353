// The go-net-http client for `sim real`: Go's net/http Transport, one per lane.
// Usage: go-client PLAN_JSON — the plan and output lines are node-client.mjs's. Errors are
// reported as net/http returns them: the dynamic type (*url.Error) and its message.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"
)

type req struct {
	ID      int      `json:"id"`
	GapMs   *float64 `json:"gapMs"`
	StartMs float64  `json:"startMs"`
}

type plan struct {
	URL    string  `json:"url"`
	Method string  `json:"method"`
	Lanes  [][]req `json:"lanes"`
}

var mu sync.Mutex

func emit(v interface{}) {
	b, _ := json.Marshal(v)
	mu.Lock()
	os.Stdout.Write(append(b, '\n'))
	mu.Unlock()
}

func nowUs() int64 { return time.Now().UnixNano() / 1000 }

func ms(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

func main() {
	var p plan
	if err := json.Unmarshal([]byte(os.Args[1]), &p); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	emit(map[string]interface{}{"ready": true, "version": "Go " + runtime.Version() + " net/http"})
	var wg sync.WaitGroup
	for i, lane := range p.Lanes {
		wg.Add(1)
		go func(index int, lane []req) {
			defer wg.Done()
			client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
			var prev *int64
			for _, r := range lane {
				if r.GapMs == nil && r.StartMs > 0 {
					time.Sleep(ms(r.StartMs))
				}
				if r.GapMs != nil && prev != nil {
					time.Sleep(ms(*r.GapMs))
				}
				sent := nowUs()
				request, _ := http.NewRequest(p.Method, p.URL, nil)
				request.Header.Set("x-rw-req", fmt.Sprint(r.ID))
				resp, err := client.Do(request)
				var status interface{}
				var errReport interface{}
				ok := err == nil
				if ok {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = resp.StatusCode
				} else {
					errReport = map[string]string{"class": fmt.Sprintf("%T", err), "message": err.Error()}
				}
				end := nowUs()
				emit(map[string]interface{}{"lane": index, "id": r.ID, "gapMs": r.GapMs, "sentAtUs": sent, "endAtUs": end,
					"prevEndAtUs": prev, "ok": ok, "status": status, "error": errReport, "reused": nil})
				e := end
				prev = &e
			}
		}(i, lane)
	}
	wg.Wait()
}
