package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// The login page sets a `sid` cookie; a real app would look it up in a session store.
func currentUser(c *gin.Context) gin.H {
	if sid, err := c.Cookie("sid"); err == nil && sid == "demo-session" {
		return gin.H{"name": "Ada"}
	}
	return nil
}

func requireSession() gin.HandlerFunc {
	return func(c *gin.Context) {
		if currentUser(c) == nil {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "sign in first"})
			return
		}
		c.Next()
	}
}
