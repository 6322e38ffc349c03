/* Hearth's page side, loaded by hearth.js when the module starts. It reads
 * the page's facts and hearth:v1 and posts them to the module's Web Worker
 * (hearth-worker.js), and applies what the worker answers: the slots'
 * content, the "Why?" buttons, the stored value, the panel (rendered here
 * from the view the worker computes, with text nodes only). It decides
 * nothing itself. It sends nothing anywhere: its only request is the check
 * of the worker's script (the worker fetches the module and the site's
 * config).
 *
 * hearth-page.js is this module and those it imports, bundled by esbuild
 * into one script (tool/bundle): loader.js (what the loader hands over and
 * the names the parts share), facts.js (reading the page), messages.js
 * (the worker and its answers), apply.js (showing an answer), away.js (the
 * launcher kept clear of the site's layers), events.js (the page's events
 * and the real API), navigate.js (pages swapped in without a reload),
 * style.js (Hearth's stylesheet, kept through swaps), panel.js (the "Why?"
 * panel), boot.js (starting the worker). Each is an ES module that parses
 * on its own; they run in this order, boot.js last. */
import "./loader.js";
import "./facts.js";
import "./messages.js";
import "./apply.js";
import "./away.js";
import "./events.js";
import "./navigate.js";
import "./style.js";
import "./panel.js";
import "./boot.js";
