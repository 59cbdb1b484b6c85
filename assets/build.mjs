// Builds the static assets into build/static: compiled CSS, the GOV.UK Frontend
// JavaScript module and our own favicon. GOV.UK's fonts, crown and crest images and web app
// manifest are deliberately left out: they belong to GOV.UK, and this service is not on it.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "govuk"), { recursive: true });
mkdirSync(join(out, "images"), { recursive: true });

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
cpSync(join(root, "assets", "favicon.svg"), join(out, "images", "favicon.svg"));
console.log("Built assets into build/static");
