// Builds the static assets into build/static: compiled CSS, the GOV.UK Frontend
// JavaScript module and its images. Fonts are deliberately left out.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "govuk", "assets"), { recursive: true });

execFileSync(
  join(root, "node_modules", ".bin", "sass"),
  [
    "--pkg-importer=node",
    "--style=compressed",
    "--no-source-map",
    join(root, "assets", "safespace.scss"),
    join(out, "css", "safespace.css"),
  ],
  { stdio: "inherit" },
);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "govuk", "assets", "images"), { recursive: true });
cpSync(join(govuk, "assets", "manifest.json"), join(out, "govuk", "assets", "manifest.json"));
console.log("Built assets into build/static");
