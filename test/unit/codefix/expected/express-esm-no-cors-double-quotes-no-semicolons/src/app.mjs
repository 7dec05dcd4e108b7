import express from "express"
import { items } from "./items.mjs"
import cors from "cors"

export const app = express()
app.use(cors({ origin: ["http://localhost:3000"] }))

app.get("/api/items", (req, res) => res.json(items))
