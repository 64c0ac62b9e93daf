//! reports/index.html and reports/claimreview.jsonld from a run over the seed corpus:
//! the page's structure (every cluster and claim present, every link lands, nothing
//! fetched from outside the file), the ClaimReview items, and the page in a real
//! browser (Debian's chromium, headless, driven through chromedriver over WebDriver):
//! the cards render, the filters hide and show them, links land, and a screenshot is
//! saved under target/test-output/.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::{self, root};

struct Run {
    _dir: tempfile::TempDir,
    out: PathBuf,
    report: Value,
    html: String,
    jsonld: Value,
}

const ORGANIZATION: &str = "Test Desk";
const PUBLISHED_AT: &str = "https://factcheck.example/reports/2026/index.html";

/// One run over the seed corpus, shared by the tests of this file.
fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("crosscheck.toml");
        std::fs::write(
            &config,
            format!(
                "[report]\norganization = \"{ORGANIZATION}\"\norganization_url = \"https://factcheck.example\"\npublished_at = \"{PUBLISHED_AT}\"\n"
            ),
        )
        .unwrap();
        let out = dir.path().join("reports");
        let o = common::crosscheck_bin()
            .unwrap()
            .current_dir(root())
            .args(["run", "--quiet", "--no-index", "--corpus", "corpus", "--config"])
            .arg(&config)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
        Run {
            report: serde_json::from_str(&read("report.json")).unwrap(),
            html: read("index.html"),
            jsonld: serde_json::from_str(&read("claimreview.jsonld")).unwrap(),
            out,
            _dir: dir,
        }
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap()
}

const VERDICT_ORDER: [&str; 4] = [
    "contradicted",
    "corroborated",
    "speculative",
    "single-source",
];

#[test]
fn every_cluster_and_claim_is_on_the_page_and_every_link_lands() {
    let run = run();
    let doc = Html::parse_document(&run.html);
    let report = &run.report;

    // A card per cluster, contradictions first.
    let cards: Vec<_> = doc.select(&sel("article.card")).collect();
    let on_page: BTreeSet<&str> = cards
        .iter()
        .map(|c| c.value().attr("data-cluster").unwrap())
        .collect();
    let in_report: BTreeSet<&str> = array(&report["facts"])
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(on_page, in_report);
    assert_eq!(cards.len(), in_report.len(), "one card per cluster");
    let ranks: Vec<usize> = cards
        .iter()
        .map(|c| {
            let v = c.value().attr("data-verdict").unwrap();
            VERDICT_ORDER.iter().position(|x| *x == v).unwrap()
        })
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "contradictions first"
    );
    // The verdict is told in words too, not by colour alone.
    for c in &cards {
        let badge: String = c.select(&sel(".badge")).next().unwrap().text().collect();
        assert!(badge.chars().any(char::is_alphabetic), "{badge}");
    }

    // Every claim is marked in its article's text.
    let marked: BTreeSet<&str> = doc
        .select(&sel("mark.claim"))
        .map(|m| m.value().attr("data-claim").unwrap())
        .collect();
    let claims: BTreeSet<&str> = array(&report["claims"])
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(marked, claims);

    // Ids are unique; every in-page link has its target.
    let mut ids = HashSet::new();
    for e in doc.select(&sel("[id]")) {
        let id = e.value().attr("id").unwrap();
        assert!(ids.insert(id), "duplicate id {id}");
    }
    let mut links = 0;
    for e in doc.select(&sel("[href]")) {
        let href = e.value().attr("href").unwrap();
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("a link leaves the page: {href}"));
        assert!(ids.contains(target), "{href} has no target");
        links += 1;
    }
    assert!(links > 2 * claims.len(), "{links} links");
    // Nothing is loaded from anywhere: no src attribute, no external resource tag.
    assert_eq!(
        doc.select(&sel("[src], link, img, iframe, object, embed"))
            .count(),
        0
    );

    // The run's engines, degraded ones with their note, and the counts.
    let header: String = doc
        .select(&sel("header.page"))
        .next()
        .unwrap()
        .text()
        .collect();
    for role in ["ner", "nli", "embed"] {
        let e = &report["engines"][role];
        assert!(header.contains(e["model"].as_str().unwrap()), "{role}");
        if let Some(note) = e["note"].as_str() {
            assert!(header.contains(note), "{role}'s note missing");
        }
    }
    let summary = &report["summary"];
    for (key, field) in [
        ("contradicted", "contradicted"),
        ("corroborated", "corroborated"),
        ("speculative", "speculative"),
        ("single-source", "single_source"),
    ] {
        let li: String = doc
            .select(&sel(&format!("ul.counts li.v-{key} strong")))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(li, summary[field].to_string(), "{key}");
    }
}

#[test]
fn quotes_mark_quantities_entities_and_speculation_cues() {
    let run = run();
    let doc = Html::parse_document(&run.html);
    let raw: BTreeMap<String, String> = array(&run.report["articles"])
        .iter()
        .map(|a| {
            let path = root().join(a["path"].as_str().unwrap());
            (
                a["id"].as_str().unwrap().to_string(),
                std::fs::read_to_string(path).unwrap(),
            )
        })
        .collect();
    let mut cues = 0;
    let mut quantities = 0;
    for claim in array(&run.report["claims"]) {
        let id = claim["id"].as_str().unwrap();
        let mark = doc
            .select(&sel(&format!("mark.claim[data-claim=\"{id}\"]")))
            .next()
            .unwrap();
        // The mark holds the sentence exactly as the file has it (plus the back link).
        let text = &raw[claim["article"].as_str().unwrap()];
        let span = &text
            [claim["start"].as_u64().unwrap() as usize..claim["end"].as_u64().unwrap() as usize];
        let all: String = mark.text().collect();
        let back: String = mark.select(&sel("a.back")).flat_map(|e| e.text()).collect();
        assert_eq!(all, format!("{span}{back}"), "{id}");
        let marked: Vec<String> = mark
            .select(&sel(".m-cue"))
            .map(|e| e.text().collect())
            .collect();
        for cue in array(&claim["cues"]) {
            let written = &text
                [cue["start"].as_u64().unwrap() as usize..cue["end"].as_u64().unwrap() as usize];
            assert!(
                marked.iter().any(|m| m == written),
                "{id}: cue {written:?} not marked in {marked:?}"
            );
            cues += 1;
        }
        let qty: Vec<String> = mark
            .select(&sel(".m-qty"))
            .map(|e| e.text().collect())
            .collect();
        for q in array(&claim["quantities"]) {
            let written = &text[q["file_start"].as_u64().unwrap() as usize
                ..q["file_end"].as_u64().unwrap() as usize];
            if qty.iter().any(|m| m == written) {
                quantities += 1;
            }
        }
    }
    let total_q: usize = array(&run.report["claims"])
        .iter()
        .map(|c| array(&c["quantities"]).len())
        .sum();
    assert!(cues > 10, "{cues} cues");
    // A quantity inside a cue's span is shown inside the cue mark instead.
    assert!(
        quantities * 10 >= total_q * 9,
        "{quantities} of {total_q} quantities marked"
    );
}

#[test]
fn the_pictures_count_what_the_report_counts() {
    let run = run();
    let doc = Html::parse_document(&run.html);
    let articles = array(&run.report["articles"]).len();
    let cells: Vec<_> = doc.select(&sel("#agreement svg g.cell")).collect();
    assert_eq!(cells.len(), articles * articles);
    // Article pairs sharing a corroborated cluster, computed here from report.json.
    let mut pairs = BTreeSet::new();
    for c in array(&run.report["facts"]) {
        if c["verdict"] == "corroborated" {
            let a = array(&c["articles"]);
            for i in 0..a.len() {
                for j in i + 1..a.len() {
                    pairs.insert((a[i].as_str().unwrap(), a[j].as_str().unwrap()));
                }
            }
        }
    }
    let agree = cells
        .iter()
        .filter(|c| c.value().attr("class").unwrap().contains("agree"))
        .count();
    assert_eq!(agree, 2 * pairs.len(), "symmetric cells");
    // One bar row per article; the totals are the articles' claim counts.
    let totals: Vec<String> = doc
        .select(&sel("#per-article tbody tr td:last-child"))
        .map(|e| e.text().collect())
        .collect();
    let claims: Vec<String> = array(&run.report["articles"])
        .iter()
        .map(|a| a["claims"].to_string())
        .collect();
    assert_eq!(totals, claims);
}

#[test]
fn claimreview_items_follow_schema_org() {
    let run = run();
    let ld = &run.jsonld;
    assert_eq!(ld["@context"], "https://schema.org");
    let items = array(&ld["@graph"]);
    let clusters: BTreeMap<&str, &Value> = array(&run.report["facts"])
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c))
        .collect();
    assert_eq!(items.len(), clusters.len());
    let doc = Html::parse_document(&run.html);
    let dated: BTreeMap<&str, &str> = array(&run.report["articles"])
        .iter()
        .filter_map(|a| Some((a["id"].as_str()?, a["date"].as_str()?)))
        .collect();
    for item in items {
        assert_eq!(item["@type"], "ClaimReview");
        let cluster = clusters[item["identifier"].as_str().unwrap()];
        let claim = item["claimReviewed"].as_str().unwrap();
        assert!(!claim.is_empty() && claim.chars().count() < 75, "{claim}");
        let r = &item["reviewRating"];
        assert_eq!(r["@type"], "Rating");
        assert_eq!(
            (r["bestRating"].as_u64(), r["worstRating"].as_u64()),
            (Some(5), Some(1))
        );
        let value = r["ratingValue"].as_u64().unwrap();
        let expected = match cluster["verdict"].as_str().unwrap() {
            "contradicted" => 1,
            "speculative" => 2,
            "single-source" => 3,
            "corroborated" => 5,
            v => panic!("verdict {v}"),
        };
        assert_eq!(value, expected);
        assert!(!r["alternateName"].as_str().unwrap().is_empty());
        assert_eq!(item["author"]["@type"], "Organization");
        assert_eq!(item["author"]["name"], ORGANIZATION);
        assert_eq!(item["author"]["url"], "https://factcheck.example");
        // The review's url lands on its card in index.html.
        let url = item["url"].as_str().unwrap();
        let anchor = url.strip_prefix(&format!("{PUBLISHED_AT}#")).unwrap();
        let card = doc.select(&sel(&format!("#{anchor}"))).next().unwrap();
        assert_eq!(card.value().attr("data-cluster"), cluster["id"].as_str());
        let claimed = &item["itemReviewed"];
        assert_eq!(claimed["@type"], "Claim");
        assert_eq!(
            array(&claimed["appearance"]).len(),
            array(&cluster["articles"]).len()
        );
        let earliest = array(&cluster["articles"])
            .iter()
            .filter_map(|a| dated.get(a.as_str().unwrap()))
            .min();
        assert_eq!(claimed["datePublished"].as_str(), earliest.copied());
    }
    // No timestamp of the run: the file is the same for the same corpus.
    assert!(!serde_json::to_string(ld).unwrap().contains("dateCreated"));
}

/// chromedriver on a free port on 127.0.0.1, killed when dropped.
struct Driver(std::process::Child, u16);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chromedriver() -> Driver {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(tool).is_file(),
            "{tool} missing: `make test` installs Debian's chromium and chromium-driver (make browser)"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver(child, port);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "chromedriver did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    driver
}

async fn visible_cards(c: &fantoccini::Client) -> u64 {
    c.execute(
        "return Array.from(document.querySelectorAll('.card')).filter(e => e.getClientRects().length > 0).length",
        vec![],
    )
    .await
    .unwrap()
    .as_u64()
    .unwrap()
}

async fn shown_counter(c: &fantoccini::Client) -> String {
    use fantoccini::Locator;
    c.find(Locator::Css("#shown"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_works_in_headless_chromium() {
    use fantoccini::Locator;
    let run = run();
    let driver = chromedriver();
    let caps: serde_json::Map<String, Value> = serde_json::from_value(serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1280,1600"]
        }
    }))
    .unwrap();
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let c = fantoccini::ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("WebDriver session with chromium");

    let page = run.out.join("index.html");
    c.goto(&format!("file://{}", page.display())).await.unwrap();
    let clusters = array(&run.report["facts"]);
    let total = clusters.len() as u64;
    let count = |v: &str| clusters.iter().filter(|c| c["verdict"] == v).count() as u64;

    // The cards render, and so do the pictures.
    assert_eq!(visible_cards(&c).await, total);
    assert_eq!(shown_counter(&c).await, total.to_string());
    for fig in ["#agreement svg", "#per-article svg"] {
        let (_, _, w, h) = c
            .find(Locator::Css(fig))
            .await
            .unwrap()
            .rectangle()
            .await
            .unwrap();
        assert!(w > 100.0 && h > 50.0, "{fig}: {w}x{h}");
    }
    let out = root().join("target/test-output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("report.png"), c.screenshot().await.unwrap()).unwrap();

    // Unticking a verdict hides its cards; ticking it shows them again.
    let single = c
        .find(Locator::Css("#filters input[value=single-source]"))
        .await
        .unwrap();
    single.click().await.unwrap();
    assert_eq!(visible_cards(&c).await, total - count("single-source"));
    assert_eq!(
        shown_counter(&c).await,
        (total - count("single-source")).to_string()
    );
    let first_single = c
        .find(Locator::Css(".card[data-verdict=single-source]"))
        .await
        .unwrap();
    assert!(!first_single.is_displayed().await.unwrap());
    c.execute(
        "document.getElementById('findings').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    std::fs::write(
        out.join("report-filtered.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
    single.click().await.unwrap();
    assert_eq!(visible_cards(&c).await, total);

    // The article filter keeps the clusters that article takes part in.
    let articles = array(&run.report["articles"]);
    let last = articles.last().unwrap()["id"].as_str().unwrap();
    let options = c
        .find_all(Locator::Css("#article-filter option"))
        .await
        .unwrap();
    let mut value = None;
    for o in options {
        if o.text()
            .await
            .unwrap()
            .starts_with(&format!("{}.", articles.len()))
        {
            value = o.attr("value").await.unwrap();
        }
    }
    let value = value.expect("an option for the last article");
    c.find(Locator::Css("#article-filter"))
        .await
        .unwrap()
        .select_by_value(&value)
        .await
        .unwrap();
    let with_last = clusters
        .iter()
        .filter(|c| array(&c["articles"]).iter().any(|a| a == last))
        .count() as u64;
    assert!(with_last > 0 && with_last < total);
    assert_eq!(visible_cards(&c).await, with_last);
    c.find(Locator::Css("#article-filter"))
        .await
        .unwrap()
        .select_by_value("")
        .await
        .unwrap();
    assert_eq!(visible_cards(&c).await, total);

    // A quote's link lands on its sentence in the article text.
    let link = c.find(Locator::Css(".card .cite a")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    link.click().await.unwrap();
    let target = c
        .execute(
            "const t = document.querySelector(':target'); return t ? '#' + t.id : null",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(target.as_str(), Some(href.as_str()));
    std::fs::write(
        out.join("report-article.png"),
        c.screenshot().await.unwrap(),
    )
    .unwrap();

    // A link to a card the filters hide shows the cards again.
    let corroborated = c
        .find(Locator::Css(".card[data-verdict=corroborated]"))
        .await
        .unwrap();
    let id = corroborated.attr("id").await.unwrap().unwrap();
    c.find(Locator::Css("#filters input[value=corroborated]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(!corroborated.is_displayed().await.unwrap());
    c.execute(&format!("location.hash = '#{id}'"), vec![])
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(corroborated.is_displayed().await.unwrap());
    assert_eq!(visible_cards(&c).await, total);

    c.close().await.unwrap();
}
