import express from "express";
import cors, { type CorsOptions } from "cors";
import { itemsRouter } from "./routes/items";

const port = Number(process.env.PORT ?? 4000);
const app = express();

const corsOptions: CorsOptions = {
  origin: "http://localhost:3000",
  methods: ["GET", "POST", "PUT"],
  allowedHeaders: ["Content-Type"],
  credentials: true,
  maxAge: 600,
};

app.use(cors(corsOptions));
app.use(express.json());
app.use("/api", itemsRouter);

app.listen(port, "127.0.0.1", () => {
  console.log(`items API listening on http://127.0.0.1:${port}`);
});
