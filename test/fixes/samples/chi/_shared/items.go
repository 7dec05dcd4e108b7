package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/go-chi/chi/v5"
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

func find(r *http.Request) int {
	id, _ := strconv.Atoi(chi.URLParam(r, "id"))
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func registerItems(r chi.Router) {
	r.Get("/items", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		writeJSON(w, http.StatusOK, items)
	})
	r.Post("/items", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Name string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		it := item{ID: len(items) + 1, Name: body.Name}
		items = append(items, it)
		writeJSON(w, http.StatusCreated, it)
	})
	r.Put("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Name string }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		defer mu.Unlock()
		i := find(r)
		if i < 0 {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such item"})
			return
		}
		items[i].Name = body.Name
		writeJSON(w, http.StatusOK, items[i])
	})
	r.Delete("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		i := find(r)
		if i < 0 {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such item"})
			return
		}
		items = append(items[:i], items[i+1:]...)
		w.WriteHeader(http.StatusNoContent)
	})
	r.Get("/me", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]interface{}{"user": currentUser(r)})
	})
}

func address() string {
	port := os.Getenv("PORT")
	if port == "" {
		port = "4000"
	}
	return "127.0.0.1:" + port
}
