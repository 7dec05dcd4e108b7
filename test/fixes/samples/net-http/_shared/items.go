package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
)

type item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

var (
	mu    sync.Mutex
	items = []item{{ID: 1, Name: "Notebook"}, {ID: 2, Name: "Pencil"}}
)

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func find(id int) int {
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, items)
		case http.MethodPost:
			var body struct{ Name string }
			_ = json.NewDecoder(r.Body).Decode(&body)
			it := item{ID: len(items) + 1, Name: body.Name}
			items = append(items, it)
			writeJSON(w, http.StatusCreated, it)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/api/items/", func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/api/items/"))
		mu.Lock()
		defer mu.Unlock()
		i := find(id)
		if i < 0 {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such item"})
			return
		}
		switch r.Method {
		case http.MethodPut:
			var body struct{ Name string }
			_ = json.NewDecoder(r.Body).Decode(&body)
			items[i].Name = body.Name
			writeJSON(w, http.StatusOK, items[i])
		case http.MethodDelete:
			items = append(items[:i], items[i+1:]...)
			w.WriteHeader(http.StatusNoContent)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	mux.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]interface{}{"user": currentUser(r)})
	})
	return mux
}

func address() string {
	port := os.Getenv("PORT")
	if port == "" {
		port = "4000"
	}
	return "127.0.0.1:" + port
}
