// Start GOV.UK Frontend components on every page (each page also works without JavaScript).
import { initAll } from "./govuk-frontend.min.js";
import "./progress.mjs";

initAll();
