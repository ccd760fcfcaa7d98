// End-to-end test of Vigie's web interface in a real headless browser (Debian's chromium,
// driven by playwright-core). Run by .ci/run; by hand:
//   cargo build --release -p vigie-cli && (cd tests/browser && npm ci && node e2e.mjs)
//
// It ingests, into a fresh SQLite store:
//   1. the reference article examples/fr-poutine-kim-pyongyang.txt, through the real pipeline
//      (today: paragraphs, sentences, boilerplate; entities, quotes and events come with the
//      extraction issues), and checks what the pipeline really produces;
//   2. examples/annotated.jsonl with `vigie ingest --annotated`: hand-written test fixtures
//      carrying quotes with speakers, entities and events, to exercise highlighting, the
//      click-through to the entity page and search in the browser.
// Screenshots go to docs/ (used by the README).
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import assert from "node:assert/strict";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const bin = process.env.VIGIE_BIN || path.join(root, "target/release/vigie");
const chromePath = process.env.CHROMIUM || "/usr/bin/chromium";
const dir = mkdtempSync(path.join(tmpdir(), "vigie-e2e-"));
const db = path.join(dir, "vigie.db");

function vigie(...args) {
  return execFileSync(bin, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

vigie("ingest", "--db", db, "examples/fr-poutine-kim-pyongyang.txt");
vigie("ingest", "--db", db, "--annotated", "examples/annotated.jsonl");

const server = spawn(bin, ["serve", "--db", db, "--addr", "127.0.0.1:0"], { cwd: root });
const base = await new Promise((resolve, reject) => {
  let err = "";
  const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20000);
  server.stderr.on("data", chunk => {
    err += chunk;
    const m = /Vigie on (http:\/\/[^/\s]+)\//.exec(err);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
  server.on("exit", code => reject(new Error(`server exited (${code}): ${err}`)));
});

const browser = await chromium.launch({
  executablePath: chromePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
const pageErrors = [];
page.on("pageerror", e => pageErrors.push(String(e)));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED - ${name}\n${e.stack || e}`);
  }
}

async function go(hash) {
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector("body[data-ready='1']");
}

async function search(words) {
  await page.fill("[data-testid=search-input]", words);
  await page.click("[data-testid=search-button]");
  // The results page titles itself with the words.
  await page.waitForFunction(w => document.querySelector("main h1")?.textContent.includes(w), words);
}

await check("the reference article is found by search and shown with its paragraphs and sentences", async () => {
  await go("");
  await search("Aurus");
  const hits = page.locator("[data-testid=search-hit]");
  assert.equal(await hits.count(), 1);
  await hits.first().locator("a").click();
  await page.waitForSelector("[data-testid=article-text]");
  const paragraphs = await page.locator("[data-testid=paragraph]").count();
  const sentences = await page.locator("[data-testid=article-text] .sentence").count();
  assert.ok(paragraphs >= 5, `paragraphs: ${paragraphs}`);
  assert.ok(sentences > paragraphs, `sentences: ${sentences}`);
  const text = await page.locator("[data-testid=article-text]").innerText();
  assert.match(text, /Pyongyang/);
});

await check("boilerplate of the reference article is flagged", async () => {
  const badges = page.locator("[data-testid=boilerplate-badge]");
  assert.ok(await badges.count() >= 1);
  assert.match(await badges.first().innerText(), /read-also|boilerplate/);
  await page.screenshot({ path: path.join(root, "docs/screenshot-reference-article.png"), fullPage: true });
});

await check("search folds accents and stems: « declare » finds « a déclaré »", async () => {
  await search("declare");
  const titles = await page.locator("[data-testid=search-hit] a").allInnerTexts();
  assert.ok(titles.includes("Poutine et Kim signent un traité"), titles.join(" | "));
  assert.ok(titles.some(t => t.includes("fr-poutine-kim-pyongyang")), titles.join(" | "));
});

await check("the annotated article shows quotes highlighted with their speakers", async () => {
  await search("traité");
  await page.locator("[data-testid=search-hit] a", { hasText: "Poutine et Kim signent un traité" }).click();
  await page.waitForSelector("[data-testid=article-text]");
  assert.ok(await page.locator("[data-testid=article-text] .seg.quote").count() >= 3);
  assert.ok(await page.locator("[data-testid=article-text] .seg.speaker").count() >= 3);
  assert.ok(await page.locator("[data-testid=article-text] .seg.event").count() >= 1);
  const title = await page.locator(".seg.quote", { hasText: "Nous allons signer" }).first().getAttribute("title");
  assert.match(title, /Vladimir Poutine/);
  await page.locator(".seg.quote", { hasText: "Nous allons signer" }).first().click();
  const detail = page.locator("[data-testid=quote-detail]").first();
  await detail.waitFor();
  assert.equal(await detail.locator("[data-testid=detail-speaker]").innerText(), "Vladimir Poutine");
  await page.screenshot({ path: path.join(root, "docs/screenshot-article.png"), fullPage: true });
});

await check("clicking an event shows its CAMEO code and actors", async () => {
  await page.locator(".seg.event", { hasText: "Les deux dirigeants" }).first().click();
  const detail = page.locator("[data-testid=event-detail]").first();
  await detail.waitFor();
  assert.equal(await detail.locator("[data-testid=event-code]").innerText(), "057");
  assert.match(await detail.innerText(), /Vladimir Poutine[\s\S]*→[\s\S]*Kim Jong-un/);
  // The event stage's facts: PLOVER, Goldstein, QuadClass, date, place, modality, negation.
  const fact = async name => (await detail.locator(`[data-testid=event-${name}]`).innerText()).trim();
  assert.equal(await fact("plover"), "PLOVER : AGREE / sign");
  assert.equal(await fact("goldstein"), "Goldstein : +8.0");
  assert.match(await fact("quad-class"), /^QuadClass : 1 \(coopération verbale\)/);
  assert.equal(await fact("date"), "Date : 2024-06-19 (« mercredi »)");
  assert.equal(await fact("place"), "Lieu : Pyongyang");
  assert.equal(await fact("modality"), "Modalité : affirmé");
  assert.equal(await fact("negated"), "Négation : non");
  await page.screenshot({ path: path.join(root, "docs/screenshot-event.png"), fullPage: false });
});

await check("a conditional event shows its modality and that it is reported", async () => {
  await page.locator(".seg.event", { hasText: "soutiendrait" }).first().click();
  const detail = page.locator("[data-testid=event-detail]", { hasText: "soutiendrait" }).first();
  await detail.waitFor();
  assert.equal((await detail.locator("[data-testid=event-modality]").innerText()).trim(), "Modalité : conditionnel");
  assert.equal((await detail.locator("[data-testid=event-reported]").innerText()).trim(), "Rapporté : dans une citation");
});

await check("the speaker links to Poutine's entity page with aliases, quotes and events", async () => {
  await page.locator(".seg.quote", { hasText: "Nous allons signer" }).first().click();
  await page.locator("[data-testid=quote-detail] [data-testid=detail-speaker] a").first().click();
  await page.waitForSelector("[data-testid=entity-name]");
  assert.equal(await page.locator("[data-testid=entity-name]").innerText(), "Vladimir Poutine");
  const aliases = await page.locator("[data-testid=entity-aliases]").innerText();
  assert.match(aliases, /Putin/);
  assert.match(aliases, /Le président russe/);
  // Poutine's quotes: the three of the hand-written fixture plus those the pipeline attributes
  // to him in the reference article.
  const rows = await page.locator("[data-testid=quote-row]").allInnerTexts();
  assert.ok(rows.length >= 4, rows.join(" | "));
  assert.ok(rows.some(r => r.includes("Nous allons signer")), rows.join(" | "));
  assert.ok(rows.some(r => r.includes("document révolutionnaire")), rows.join(" | "));
  assert.ok(await page.locator("[data-testid=timeline-chart]").count() === 1);
  await page.screenshot({ path: path.join(root, "docs/screenshot-entity.png"), fullPage: true });
});

await check("the entity page lists a page at a time and its \"more\" buttons append the next pages", async () => {
  const id = /#\/entity\/(\d+)/.exec(page.url())[1];
  const all = await page.locator("[data-testid=quote-row]").count();
  await go(`#/entity/${id}?limit=1`);
  assert.equal(await page.locator("[data-testid=quote-row]").count(), 1);
  assert.equal(await page.locator("[data-testid=entity-events] [data-testid=entity-event]").count(), 1);
  assert.equal(await page.locator("[data-testid=timeline-chart]").count(), 1);
  for (let n = 2; n <= all; n++) {
    await page.click("[data-testid=more-quotes]");
    await page.waitForFunction(k => document.querySelectorAll("[data-testid=quote-row]").length === k, n);
  }
  assert.equal(await page.locator("[data-testid=more-quotes]").count(), 0, "no more button after the last page");
  await page.click("[data-testid=more-events]");
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=entity-event]").length === 2);
});

await check("the actor network and the event chart render", async () => {
  await go("#/network");
  assert.ok(await page.locator("[data-testid=network] path").count() >= 4);
  await go("#/charts");
  assert.ok(await page.locator("[data-testid=timeline-chart] rect").count() >= 2);
});

await check("no script error on any page", async () => {
  assert.deepEqual(pageErrors, []);
});

await browser.close();
server.kill("SIGINT");
rmSync(dir, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
