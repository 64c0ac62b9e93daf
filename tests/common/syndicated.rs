//! A generated corpus of syndicated wire copy: 30 outlets republish one wire story
//! (Halvorsen Grid buying Corvane Energy, an invented deal) with their own headline and
//! byline, some dropping a paragraph, some adding a local sentence or a wire credit;
//! 5 more outlets report the same event in their own words. Every sentence is written
//! here; the outlets, people and places are invented.

use std::path::Path;

/// Copies of the wire story in the corpus (`copy-01` .. `copy-30`).
pub const COPIES: usize = 30;
/// Independently written articles on the same event (`own-1` .. `own-5`).
pub const INDEPENDENT: usize = 5;

/// The wire story, one paragraph an entry.
pub const WIRE: [&str; 5] = [
    "Halvorsen Grid said on Tuesday it will buy Corvane Energy for $4.2 billion in cash, \
     a deal that would create the largest transmission operator in the northern region. \
     The offer values Corvane at $38 a share, a premium of 27% over its closing price on Monday.",
    "Shares of Corvane rose 12% on Tuesday to $33.60, while Halvorsen stock slipped 3% in \
     early trading. Halvorsen chief executive Marit Solberg told analysts the combined \
     company would serve about 6.5 million customers across four states.",
    "Halvorsen expects to cut 1,800 jobs over two years, most of them in billing and \
     administrative offices, and to save $310 million a year by 2029. Solberg said no \
     field crews or line workers would be among the job cuts.",
    "The deal has been approved by both boards and is expected to close in the first \
     quarter of 2027, subject to approval by regulators and Corvane shareholders. \
     Halvorsen will fund the purchase with $2.5 billion of new debt and $1.7 billion of \
     cash on hand.",
    "Corvane, founded in 1961, operates 14,000 miles of power lines and employs about \
     9,400 people. Its chief executive, Daniel Okafor, will join the Halvorsen board when \
     the deal closes. Analysts at Brennick Partners said the price was fair but warned \
     that regulators could demand the sale of some assets.",
];

/// The 30 outlets that republish the wire story.
pub const OUTLETS: [&str; COPIES] = [
    "Lakeside Herald",
    "Ridge Valley Times",
    "Northgate Courier",
    "Pinecrest Daily",
    "Harbor City Ledger",
    "Ashford Gazette",
    "Millbrook Sentinel",
    "Eastbank Observer",
    "Coldwater Tribune",
    "Fernhill Examiner",
    "Granite Falls Record",
    "Westmoor Post",
    "Bramble Bay Chronicle",
    "Kestrel Point Journal",
    "Oakridge Dispatch",
    "Silverlake Register",
    "Thornbury Enquirer",
    "Upper Marsh Advocate",
    "Vellmar Daily News",
    "Willow Creek Press",
    "Yarrow County Star",
    "Dunmore Mercury",
    "Elmstead Bulletin",
    "Farrow Plains Monitor",
    "Glenhaven Leader",
    "Hollis Ferry Times",
    "Ironwood Reporter",
    "Juniper Coast Herald",
    "Kingsley Valley News",
    "Larkspur Telegraph",
];

/// The 5 outlets that write their own article, with each article's headline.
pub const OWN_OUTLETS: [(&str, &str); INDEPENDENT] = [
    (
        "Meridian Business Review",
        "Corvane agrees to $4.2 billion sale to Halvorsen",
    ),
    (
        "The Capital Energy Letter",
        "What the Halvorsen-Corvane deal means for power bills",
    ),
    (
        "Stonebridge Financial Wire",
        "Corvane investors win a 27% premium",
    ),
    (
        "Coastline Public Radio",
        "Union seeks job guarantees as Halvorsen buys Corvane",
    ),
    (
        "Pemberton Evening Standard",
        "A merger decades in the making",
    ),
];

const HEADLINE_LEADS: [&str; 6] = [
    "Halvorsen Grid to buy Corvane Energy",
    "Corvane Energy sold to Halvorsen",
    "Halvorsen agrees Corvane takeover",
    "Halvorsen snaps up rival Corvane",
    "Corvane to join Halvorsen Grid",
    "Halvorsen and Corvane strike utility deal",
];

const HEADLINE_TAILS: [&str; 5] = [
    "for $4.2 billion",
    "in all-cash deal",
    "with 1,800 jobs to go",
    "as Corvane shares jump",
    "pending regulator approval",
];

/// Local sentences some outlets add after the second paragraph.
const LOCAL: [&str; 10] = [
    "Corvane runs a regional control centre in Millbrook, where about 300 people work.",
    "The company's Lakeside substation upgrade, begun last spring, is not affected by the deal.",
    "Halvorsen already supplies power to most homes in Ashford and the surrounding townships.",
    "City officials in Granite Falls said they had not been told of any plans for the local office.",
    "Corvane sponsors the annual river festival in Coldwater, which drew large crowds last summer.",
    "Residents of Fernhill have complained for years about outages on Corvane's northern lines.",
    "The Westmoor billing office, one of Corvane's largest, employs more than 200 clerks.",
    "Kestrel Point's mayor said she would ask both companies to keep the local service desk open.",
    "Corvane's training school in Oakridge has turned out line workers for four decades.",
    "Thornbury council members plan to discuss the takeover at their meeting next week.",
];

const CREDITS: [&str; 3] = [
    "Reporting by Lena Marsh; editing by Tom Aldous.",
    "Reporting by Lena Marsh and Piet Varga; editing by Tom Aldous.",
    "Reporting by Piet Varga; additional reporting by Ines Castell.",
];

/// The independent articles' bodies, paragraphs separated by blank lines.
const OWN: [&str; INDEPENDENT] = [
    "Corvane Energy has agreed to be taken over by its larger neighbour Halvorsen Grid in \
     a transaction worth $4.2 billion, ending months of speculation about the utility's future.\n\n\
     Investors cheered the news. Corvane stock jumped 12% by the close of Tuesday's session, \
     its best day in more than a decade.\n\n\
     To pay for the acquisition, the buyer is borrowing $2.5 billion and drawing on its own \
     reserves for the rest. Halvorsen plans to eliminate 1,800 positions, chiefly in \
     back-office work, as it folds the two companies together.\n\n\
     If regulators and shareholders agree, the transaction should be completed in the first \
     quarter of 2027. Corvane's last annual report showed revenue of $3.1 billion.",
    "Customers of both utilities want to know one thing: will their bills go up? Halvorsen \
     says no, arguing that $310 million in yearly savings by 2029 leaves room to hold rates \
     steady.\n\n\
     Once the $4.2 billion purchase goes through, one company would deliver electricity to \
     roughly 6.5 million customers in four states. Consumer groups in two of those states \
     have already asked regulators to hold public hearings.\n\n\
     The combined network would stretch over 31,000 miles of lines, of which Corvane \
     contributes 14,000. Rate cases filed before the merger will not be withdrawn, a \
     Halvorsen spokesman said.",
    "Holders of Corvane stock are being offered $38 for each share they own, 27% more than \
     the price at which the shares ended trading on Monday.\n\n\
     The market took the bid seriously: by Tuesday's close Corvane had gained 12%, though at \
     $33.60 it still trades well below the offer, a gap that reflects doubt about regulatory \
     approval. Halvorsen's own shares lost 3%.\n\n\
     Brennick Partners called the price fair. Two other brokers raised their targets for \
     Corvane to $36, and one hedge fund disclosed a 4% stake on Wednesday.",
    "The union that represents Corvane's field staff wants written promises before the \
     takeover by Halvorsen Grid is allowed to proceed.\n\n\
     About 9,400 people work for Corvane today. Halvorsen has said 1,800 roles will go within \
     two years, and while its chief executive, Marit Solberg, insists line crews are safe, \
     union secretary Ruth Abernathy said she had heard such promises before.\n\n\
     Abernathy said the union would testify at every regulatory hearing on the $4.2 billion \
     deal. Negotiations on a new contract for 5,200 union members begin in May.",
    "Corvane Energy began in 1961 as a cooperative serving farms along the Vell river. Sixty-five \
     years later it is being absorbed by Halvorsen Grid for $4.2 billion.\n\n\
     Daniel Okafor, who has run Corvane since 2015, will take a seat on the Halvorsen board. \
     The two companies first discussed a merger in 1998, when talks collapsed over the price.\n\n\
     This time the boards of both companies have signed off, and Halvorsen hopes to complete \
     the purchase in the first quarter of 2027.",
];

/// Article id of copy `i` (0-based).
pub fn copy_id(i: usize) -> String {
    format!("copy-{:02}", i + 1)
}

/// Article id of independent article `i` (0-based).
pub fn own_id(i: usize) -> String {
    format!("own-{}", i + 1)
}

/// The text of copy `i` (0-based): headline, byline, the wire paragraphs with the
/// variations of this outlet.
pub fn copy_text(i: usize) -> String {
    let outlet = OUTLETS[i];
    let headline = format!("{} {}", HEADLINE_LEADS[i % 6], HEADLINE_TAILS[i / 6]);
    let mut paras: Vec<String> = vec![headline, format!("By Staff, {outlet}")];
    // Every fourth outlet drops one of the later paragraphs.
    let dropped = (i % 4 == 1).then_some(2 + (i / 4) % 3);
    for (p, text) in WIRE.iter().enumerate() {
        if Some(p) == dropped {
            continue;
        }
        paras.push(text.to_string());
        if p == 1 && i % 3 == 0 {
            paras.push(LOCAL[(i / 3) % LOCAL.len()].to_string());
        }
    }
    if i % 2 == 0 {
        paras.push(CREDITS[(i / 2) % CREDITS.len()].to_string());
    }
    paras.join("\n\n") + "\n"
}

/// The text of independent article `i` (0-based).
pub fn own_text(i: usize) -> String {
    format!(
        "{}\n\nBy {}\n\n{}\n",
        OWN_OUTLETS[i].1, OWN_OUTLETS[i].0, OWN[i]
    )
}

/// Writes the corpus into `dir`: `copy-01.txt` .. `copy-30.txt`, `own-1.txt` ..
/// `own-5.txt` and an `index.toml` with each article's title, publisher and date.
pub fn write_syndicated_corpus(dir: &Path) {
    let mut articles = toml::Table::new();
    let mut entry = |id: &str, title: &str, publisher: &str, date: &str| {
        let mut t = toml::Table::new();
        t.insert("title".into(), title.into());
        t.insert("publisher".into(), publisher.into());
        t.insert("date".into(), date.into());
        articles.insert(id.into(), toml::Value::Table(t));
    };
    for (i, outlet) in OUTLETS.iter().enumerate() {
        let text = copy_text(i);
        let title = text.lines().next().unwrap_or_default().to_string();
        let date = if i % 5 == 4 {
            "2026-03-11"
        } else {
            "2026-03-10"
        };
        entry(&copy_id(i), &title, outlet, date);
        std::fs::write(dir.join(format!("{}.txt", copy_id(i))), text).unwrap();
    }
    for (i, &(outlet, title)) in OWN_OUTLETS.iter().enumerate() {
        let date = if i < 3 { "2026-03-10" } else { "2026-03-11" };
        entry(&own_id(i), title, outlet, date);
        std::fs::write(dir.join(format!("{}.txt", own_id(i))), own_text(i)).unwrap();
    }
    let mut index = toml::Table::new();
    index.insert("articles".into(), toml::Value::Table(articles));
    std::fs::write(dir.join("index.toml"), toml::to_string(&index).unwrap()).unwrap();
}
