package main

import (
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

type item struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

var (
	mu    sync.Mutex
	items = []item{{ID: 1, Name: "Notebook"}, {ID: 2, Name: "Pencil"}}
)

func find(c *gin.Context) int {
	id, _ := strconv.Atoi(c.Param("id"))
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func registerItems(api *gin.RouterGroup) {
	api.GET("/items", func(c *gin.Context) {
		mu.Lock()
		defer mu.Unlock()
		c.JSON(http.StatusOK, items)
	})
	api.POST("/items", func(c *gin.Context) {
		var body struct{ Name string }
		_ = c.ShouldBindJSON(&body)
		mu.Lock()
		defer mu.Unlock()
		it := item{ID: len(items) + 1, Name: body.Name}
		items = append(items, it)
		c.JSON(http.StatusCreated, it)
	})
	api.PUT("/items/:id", func(c *gin.Context) {
		var body struct{ Name string }
		_ = c.ShouldBindJSON(&body)
		mu.Lock()
		defer mu.Unlock()
		i := find(c)
		if i < 0 {
			c.JSON(http.StatusNotFound, gin.H{"error": "no such item"})
			return
		}
		items[i].Name = body.Name
		c.JSON(http.StatusOK, items[i])
	})
	api.DELETE("/items/:id", func(c *gin.Context) {
		mu.Lock()
		defer mu.Unlock()
		i := find(c)
		if i < 0 {
			c.JSON(http.StatusNotFound, gin.H{"error": "no such item"})
			return
		}
		items = append(items[:i], items[i+1:]...)
		c.Status(http.StatusNoContent)
	})
	api.GET("/me", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"user": currentUser(c)})
	})
}

func address() string {
	port := os.Getenv("PORT")
	if port == "" {
		port = "4000"
	}
	return "127.0.0.1:" + port
}
