import express from "express"
import cors from "cors"
import { items } from "./items.mjs"

export const app = express()
app.use(cors({ origin: ["http://localhost:3000"] }))

app.get("/api/items", (req, res) => res.json(items))
