//! `errgen diff`: every kind of change, in both directions, is classified
//! as breaking or safe.

use errgen::diagnostic::{Category, Diagnostic, Rule, Severity};
use errgen::diff::diff;
use errgen::source::{FileId, SourceFile, SourceMap};

const BASE: &str = r#"catalog shop {
  version 1.0.0
  locales en, zh
  format "SHOP_{digits:4}"
  stages checkout, delivery
  envelope {
    code "code"
    message "message"
    stage "stage"
  }
}

error out_of_stock = "SHOP_0001" {
  http 409
  grpc FAILED_PRECONDITION
  stage checkout
  retryable true
  param item: string
  message en "{item} is out of stock."
  message zh "{item} 已售罄。"
  remedy en "Try again later."
}
"#;

const SECOND: &str = r#"
error basket_empty = "SHOP_0002" {
  http 400
  stage checkout
  message en "The basket is empty."
  message zh "购物车是空的。"
}
"#;

fn changes(old: &str, new: &str) -> Vec<Diagnostic> {
    let mut sources = SourceMap::new();
    let mut catalogs = Vec::new();
    for (i, text) in [old, new].into_iter().enumerate() {
        let file = sources.add(SourceFile::new(
            format!("v{i}.errors"),
            None,
            text.to_owned(),
        ));
        let ast =
            errgen::parse::parse(file, text).unwrap_or_else(|d| panic!("{}: {text}", d.message));
        let (catalog, diagnostics) = errgen::ir::lower(&ast, text);
        let mut all = diagnostics;
        all.extend(errgen::check::check(
            std::slice::from_ref(&catalog),
            &sources,
        ));
        assert!(all.iter().all(|d| !d.is_error()), "{:?}", all);
        assert_eq!(file, FileId(i as u32));
        catalogs.push(catalog);
    }
    diff(&catalogs[0], &catalogs[1])
}

/// The one change from `old` to `new` (fails if there are more or none).
fn the_one_change(old: &str, new: &str) -> Diagnostic {
    let mut found = changes(old, new);
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

fn kinds(old: &str, new: &str) -> Vec<Rule> {
    changes(old, new).into_iter().map(|c| c.rule).collect()
}

/// Asserts the change from `old` to `new` is exactly `forward`, and back
/// from `new` to `old` exactly `backward`, with the breaking flags given.
fn both_ways(old: &str, new: &str, forward: (Rule, bool), backward: (Rule, bool)) {
    assert_eq!(kinds(old, new), vec![forward.0], "forward");
    assert_eq!(forward.0.is_breaking(), forward.1, "{:?}", forward.0);
    assert_eq!(kinds(new, old), vec![backward.0], "backward");
    assert_eq!(backward.0.is_breaking(), backward.1, "{:?}", backward.0);
}

fn with(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replace(old, new)
}

#[test]
fn identical_catalogs_have_no_changes() {
    assert!(changes(BASE, BASE).is_empty());
}

#[test]
fn codes_added_and_removed() {
    let more = format!("{BASE}{SECOND}");
    both_ways(
        BASE,
        &more,
        (Rule::CodeAdded, false),
        (Rule::CodeRemoved, true),
    );
}

#[test]
fn codes_retired_and_reused() {
    let more = format!("{BASE}{SECOND}");
    let retired = format!("{BASE}\nreserved \"SHOP_0002\" \"removed in 2.0\"\n");
    assert_eq!(
        kinds(&more, &retired),
        vec![Rule::CodeReserved, Rule::CodeRetired]
    );
    assert!(!Rule::CodeRetired.is_breaking());
    let reused = changes(&retired, &more);
    assert_eq!(reused[0].rule, Rule::ReservedCodeReused);
    assert!(reused[0].rule.is_breaking());
}

/// Turning a code into an alias of its replacement (the old entry removed,
/// the new one answering to the old code) is safe; removing an alias, or
/// giving it to another entry, breaks clients built from the new catalog.
#[test]
fn codes_aliased_and_aliases_removed() {
    let more = format!("{BASE}{SECOND}");
    let aliased = with(
        "  http 409\n",
        "  alias \"SHOP_0002\" \"the basket code of 1.x\"\n  http 409\n",
    );
    let found = changes(&more, &aliased);
    assert_eq!(
        found.iter().map(|c| c.rule).collect::<Vec<_>>(),
        [Rule::CodeAliased]
    );
    assert!(!found[0].rule.is_breaking());
    assert_eq!(
        found[0].message,
        "code `SHOP_0002` (`basket_empty`) was removed and is now an alias of `SHOP_0001` (`out_of_stock`)"
    );

    // Back: the code returns as its own entry and the alias goes.
    let back = changes(&aliased, &more);
    assert_eq!(
        back.iter().map(|c| c.rule).collect::<Vec<_>>(),
        [Rule::CodeAdded, Rule::AliasRemoved]
    );
    assert_eq!(
        back[1].message,
        "alias `SHOP_0002` of `SHOP_0001` (`out_of_stock`) now means `SHOP_0002` (`basket_empty`)"
    );
    assert!(back[1].rule.is_breaking());

    // An alias for a code that never was one: added, safe; removed, breaking.
    let published = with("  http 409\n", "  alias \"SHOP_01\"\n  http 409\n");
    both_ways(
        BASE,
        &published,
        (Rule::AliasAdded, false),
        (Rule::AliasRemoved, true),
    );

    // Promoted: the alias becomes the entry's code, the code an alias.
    let promoted = published
        .replace("\"SHOP_0001\" {", "\"SHOP_01\" {")
        .replace("alias \"SHOP_01\"", "alias \"SHOP_0001\"")
        .replace("format \"SHOP_{digits:4}\"", "format \"SHOP_{digits:2}\"");
    assert_eq!(
        kinds(&published, &promoted),
        [
            Rule::FormatChanged,
            Rule::FormatChanged,
            Rule::CodeAdded,
            Rule::CodeAliased
        ]
    );
}

/// An entry renamed keeps its aliases: they still mean its code.
#[test]
fn a_renamed_entry_keeps_its_aliases() {
    let published = with("  http 409\n", "  alias \"SHOP_01\"\n  http 409\n");
    let renamed = published.replace("error out_of_stock =", "error sold_out =");
    assert_eq!(kinds(&published, &renamed), [Rule::EntryRenamed]);
    assert_eq!(kinds(&renamed, &published), [Rule::EntryRenamed]);
}

#[test]
fn entry_renamed() {
    let renamed = with("error out_of_stock =", "error sold_out =");
    both_ways(
        BASE,
        &renamed,
        (Rule::EntryRenamed, true),
        (Rule::EntryRenamed, true),
    );
}

#[test]
fn http_and_grpc_changed() {
    let http = with("http 409", "http 400");
    both_ways(
        BASE,
        &http,
        (Rule::HttpChanged, true),
        (Rule::HttpChanged, true),
    );
    let grpc = with("grpc FAILED_PRECONDITION", "grpc ABORTED");
    both_ways(
        BASE,
        &grpc,
        (Rule::GrpcChanged, true),
        (Rule::GrpcChanged, true),
    );
}

#[test]
fn retryable_off_breaks_and_on_does_not() {
    let off = with("retryable true", "retryable false");
    both_ways(
        BASE,
        &off,
        (Rule::RetryableOff, true),
        (Rule::RetryableOn, false),
    );
}

#[test]
fn stage_changed() {
    let stage = with("stage checkout", "stage delivery");
    both_ways(
        BASE,
        &stage,
        (Rule::StageChanged, true),
        (Rule::StageChanged, true),
    );
}

#[test]
fn params_removed_added_renamed_retyped() {
    let without = BASE
        .replace("  param item: string\n", "")
        .replace("{item} is out of stock.", "An item is out of stock.")
        .replace("{item} 已售罄。", "商品已售罄。");
    let found = kinds(BASE, &without);
    assert!(found.contains(&Rule::ParamRemoved), "{found:?}");
    assert!(found
        .iter()
        .all(|k| *k == Rule::ParamRemoved || *k == Rule::MessageReworded));
    assert!(kinds(&without, BASE).contains(&Rule::ParamAdded));
    assert!(Rule::ParamAdded.is_breaking() && Rule::ParamRemoved.is_breaking());

    let renamed = BASE.replace("item", "product");
    let found = kinds(BASE, &renamed);
    assert!(found.contains(&Rule::ParamRenamed), "{found:?}");
    assert!(kinds(&renamed, BASE).contains(&Rule::ParamRenamed));

    let retyped = with("param item: string", "param item: int");
    both_ways(
        BASE,
        &retyped,
        (Rule::ParamRetyped, true),
        (Rule::ParamRetyped, true),
    );
}

/// Params in another order: the wire is the same, the generated Rust
/// constructor is not (`out_of_stock(item, left)` became `(left, item)`).
#[test]
fn params_in_another_order_break_the_rust_constructor() {
    let two = with(
        "  param item: string\n",
        "  param item: string\n  param left: string\n",
    )
    .replace("{item} is out", "{item} is out ({left} left)")
    .replace("{item} 已售罄", "{item} 已售罄（剩 {left}）");
    let swapped = two.replace(
        "  param item: string\n  param left: string\n",
        "  param left: string\n  param item: string\n",
    );
    let found = the_one_change(&two, &swapped);
    assert_eq!(found.rule, Rule::ParamReordered);
    assert!(found.rule.is_breaking());
    assert_eq!(
        found.rule.change_category(),
        Some(errgen::diagnostic::Category::Code)
    );
    assert_eq!(
        found.message,
        "`SHOP_0001`: params in another order: (item, left) is now (left, item)"
    );
    // A param added at the end, or one removed, moves no other.
    assert!(!kinds(BASE, &two).contains(&Rule::ParamReordered));
    assert!(!kinds(&two, BASE).contains(&Rule::ParamReordered));
    // A param added in front of the others does not reorder the kept ones
    // either; the constructor's change is the added param's.
    let front = two.replace(
        "  param item: string\n",
        "  param shop: string\n  param item: string\n",
    );
    assert!(!kinds(&two, &front).contains(&Rule::ParamReordered));
}

/// An entry's upstream mappings say which errors of another system the
/// server sends it for: a change of them was silent.
#[test]
fn upstream_mappings_added_removed_or_changed() {
    let mapped = |conditions: &str| {
        with(
            "  remedy en \"Try again later.\"\n",
            &format!(
                "  remedy en \"Try again later.\"\n  upstream warehouse {{\n{conditions}  }}\n"
            ),
        )
    };
    let by_status = mapped("    http 409\n");
    let change = the_one_change(BASE, &by_status);
    assert_eq!(change.rule, Rule::UpstreamChanged);
    assert!(!change.rule.is_breaking());
    assert_eq!(
        change.message,
        "`SHOP_0001` is now sent for `warehouse` errors with HTTP 409"
    );
    let change = the_one_change(&by_status, BASE);
    assert_eq!(
        change.message,
        "`SHOP_0001` is no longer sent for `warehouse` errors with HTTP 409"
    );
    assert_eq!(
        change.help.as_deref(),
        Some("the server now sends another code for that error (often a generic one): clients that handled this code for it no longer see it")
    );
    // Another condition: the old mapping goes, the new one comes.
    let by_text = mapped("    http 409\n    match r\"sold out: (?<item>\\w+)\"\n");
    let found = changes(&by_status, &by_text);
    let messages: Vec<&str> = found.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`SHOP_0001` is no longer sent for `warehouse` errors with HTTP 409",
            "`SHOP_0001` is now sent for `warehouse` errors with HTTP 409, the message matching `sold out: (?<item>\\w+)`",
        ]
    );
    assert!(kinds(&by_text, &by_text).is_empty());
}

/// A reservation dropped is breaking; one split, or kept as codes, is not.
#[test]
fn reservations_dropped_or_narrowed() {
    let reserving = |lines: &str| format!("{BASE}\n{lines}");
    let range = reserving("reserved 10..19 \"a block of 1.x\"\n");
    let found = changes(&range, BASE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, Rule::ReservedRemoved);
    assert!(found[0].rule.is_breaking());
    assert_eq!(found[0].message, "codes 10..19 are no longer all reserved");
    // Narrowed: still breaking, and nothing "is now reserved" (the codes
    // left were reserved before).
    let narrowed = reserving("reserved 10..18\n");
    assert_eq!(kinds(&range, &narrowed), [Rule::ReservedRemoved]);
    // Split, or partly written as codes: every number stays reserved, and
    // only what was not reserved before is reported as reserved now.
    for (same, now) in [
        ("reserved 10..14\nreserved 15..19\n", vec![]),
        (
            "reserved 10..13\nreserved \"SHOP_0014\"\nreserved 15..25\n",
            vec!["codes 20..25 are now reserved"],
        ),
        (
            "reserved 5..100\n",
            vec!["codes 5..9 and 20..100 are now reserved"],
        ),
    ] {
        let found = changes(&range, &reserving(same));
        assert!(
            found.iter().all(|c| c.rule == Rule::CodeReserved),
            "{same}: {found:?}"
        );
        let messages: Vec<&str> = found.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(messages, now, "{same}");
    }
    let code = reserving("reserved \"SHOP_0002\"\n");
    assert_eq!(
        changes(&code, BASE)[0].message,
        "code `SHOP_0002` is no longer reserved"
    );
    // Within a range now: kept.
    assert!(!kinds(&code, &reserving("reserved 2..9\n")).contains(&Rule::ReservedRemoved));
}

/// A reservation is reported for the codes it newly reserves only: none
/// when the old version reserved them all (a range narrowed, or split).
#[test]
fn only_codes_newly_reserved_are_reported() {
    let reserving = |lines: &str| format!("{BASE}\n{lines}");
    let range = reserving("reserved 10..19\n");
    // Narrowed: the reservation that goes, nothing newly reserved.
    assert_eq!(
        kinds(&range, &reserving("reserved 10..18\n")),
        [Rule::ReservedRemoved]
    );
    // Split, or partly written as codes: no change at all.
    for same in [
        "reserved 10..14\nreserved 15..19\n",
        "reserved 10..13\nreserved \"SHOP_0014\"\nreserved 15..19\n",
        "reserved \"SHOP_0012\"\nreserved 10..19\n",
    ] {
        let found = changes(&range, &reserving(same));
        assert!(found.is_empty(), "{same}: {found:?}");
    }
    // Widened: the new codes only.
    let message = |old: &str, new: &str| the_one_change(&reserving(old), &reserving(new)).message;
    assert_eq!(
        message("reserved 10..19\n", "reserved 5..25\n"),
        "codes 5..9 and 20..25 are now reserved"
    );
    assert_eq!(
        message("reserved 10..19\n", "reserved 10..20\n"),
        "code 20 is now reserved"
    );
    assert_eq!(
        message(
            "reserved 10..19\n",
            "reserved 10..13\nreserved \"SHOP_0014\"\nreserved 15..25\n"
        ),
        "codes 20..25 are now reserved"
    );
    assert_eq!(
        message(
            "reserved 10..12\nreserved 14\nreserved 16..17\n",
            "reserved 2..30\n"
        ),
        "codes 2..9, 13, 15 and 18..30 are now reserved"
    );
    // Many pieces: the first few, and how many codes in all.
    assert_eq!(
        message(
            "reserved \"SHOP_0011\"\nreserved \"SHOP_0013\"\nreserved \"SHOP_0015\"\nreserved \"SHOP_0017\"\n",
            "reserved 10..19\n"
        ),
        "codes 10, 12, 14, 16, … (6 in all) are now reserved"
    );
    // All new: as it was written.
    assert_eq!(
        the_one_change(BASE, &range).message,
        "codes 10..19 are now reserved"
    );
}

/// A positional param is matched by its name, which is its key on the
/// wire: writing `{0}` for `{item}` or the other way round changes only
/// the messages, and renaming it is one rename.
#[test]
fn positional_params_are_matched_by_name() {
    let positional = BASE
        .replace("param item: string", "param 0 as item: string")
        .replace("{item}", "{0}");
    assert_eq!(
        kinds(BASE, &positional),
        [Rule::MessageReworded, Rule::MessageReworded]
    );
    assert_eq!(
        kinds(&positional, BASE),
        [Rule::MessageReworded, Rule::MessageReworded]
    );
    let renamed = positional.replace("param 0 as item", "param 0 as product");
    let found = the_one_change(&positional, &renamed);
    assert_eq!(found.rule, Rule::ParamRenamed);
    assert_eq!(
        found.message,
        "`SHOP_0001`: param `item` renamed to `product`"
    );
}

/// A record's fields are part of the type of what holds the record (a
/// param, a list of them, an envelope field): a field gone changes that
/// type; a new optional field does not.
#[test]
fn records_are_compared_by_their_fields() {
    let lines = with(
        "    stage \"stage\"\n",
        "    stage \"stage\"\n    params \"details\"\n    field \"last\": line optional\n",
    )
    .replace(
        "  param item: string\n",
        "  param item: string\n  param lines: list<line>\n",
    ) + "\ntype line {\n  field sku: string\n  field count: int\n}\n";
    let removed = lines.replace("  field count: int\n", "");
    let found = changes(&lines, &removed);
    assert_eq!(
        found.iter().map(|c| c.rule).collect::<Vec<_>>(),
        [Rule::EnvelopeChanged, Rule::ParamRetyped]
    );
    assert_eq!(
        found[1].message,
        "`SHOP_0001`: param `lines` changed type: the fields of record `line` changed"
    );
    let optional = lines.replace(
        "  field count: int\n",
        "  field count: int\n  field note: string optional\n",
    );
    assert!(changes(&lines, &optional).is_empty());
}

#[test]
fn a_placeholder_old_clients_cannot_fill() {
    // Implicit params: a new placeholder is a new param.
    let old = "catalog c {\n  format \"C_{digits:1}\"\n}\n\nerror a = \"C_1\" {\n  message en \"Failed: {0}.\"\n}\n";
    let new = old.replace("Failed: {0}.", "Failed: {0} in {1}.");
    let found = changes(old, &new);
    let added = found
        .iter()
        .find(|c| c.rule == Rule::ParamAdded)
        .expect("param added");
    assert!(added.rule.is_breaking());
    assert!(added.message.contains("`arg1`"), "{}", added.message);
}

#[test]
fn rewording_and_docs_are_safe() {
    let reworded = with("{item} is out of stock.", "We have no {item} left.");
    both_ways(
        BASE,
        &reworded,
        (Rule::MessageReworded, false),
        (Rule::MessageReworded, false),
    );
    let docs = with(
        "remedy en \"Try again later.\"",
        "remedy en \"Order something else.\"",
    );
    both_ways(
        BASE,
        &docs,
        (Rule::DocsChanged, false),
        (Rule::DocsChanged, false),
    );
    let deprecated = with(
        "  retryable true\n",
        "  retryable true\n  deprecated \"use SHOP_0003\"\n",
    );
    both_ways(
        BASE,
        &deprecated,
        (Rule::DeprecationChanged, false),
        (Rule::DeprecationChanged, false),
    );
}

/// An entry that `SECOND` replaces.
const REPLACED: &str = r#"
error basket_was_empty = "SHOP_0003" {
  http 400
  stage checkout
  deprecated "sent by 1.0 only"
  replaced_by basket_empty
  message en "Nothing in the basket."
  message zh "购物车里没有东西。"
}
"#;

/// A deprecation is its reason and its replacement, by code: moving the
/// entries around or renaming the replacement leaves it as it was.
#[test]
fn a_deprecation_names_its_replacement_by_code() {
    let before = format!("{BASE}{SECOND}{REPLACED}");
    let moved = format!("{BASE}{REPLACED}{SECOND}");
    assert!(changes(&before, &moved).is_empty());

    let renamed = before.replace("basket_empty", "cart_empty");
    assert_eq!(kinds(&before, &renamed), [Rule::EntryRenamed]);

    let reason = before.replace("sent by 1.0 only", "sent by 1.x only");
    let found = the_one_change(&before, &reason);
    assert_eq!(found.rule, Rule::DeprecationChanged);
    assert_eq!(
        found.message,
        "`SHOP_0003` is deprecated for another reason or with another replacement"
    );
}

#[test]
fn locales_added_dropped_and_reordered() {
    let korean = with("locales en, zh", "locales en, zh, ko");
    both_ways(
        BASE,
        &korean,
        (Rule::LocaleAdded, false),
        (Rule::LocaleRemoved, true),
    );
    let swapped = with("locales en, zh", "locales zh, en");
    both_ways(
        BASE,
        &swapped,
        (Rule::DefaultLocaleChanged, true),
        (Rule::DefaultLocaleChanged, true),
    );
}

#[test]
fn envelope_wire_names() {
    let renamed = with("    message \"message\"\n", "    message \"msg\"\n");
    both_ways(
        BASE,
        &renamed,
        (Rule::EnvelopeChanged, true),
        (Rule::EnvelopeChanged, true),
    );
    let optional = with(
        "    stage \"stage\"\n",
        "    stage \"stage\"\n    field \"trace\": string optional\n",
    );
    both_ways(
        BASE,
        &optional,
        (Rule::EnvelopeFieldAdded, false),
        (Rule::EnvelopeChanged, true),
    );
    assert_eq!(
        changes(&optional, BASE)[0].message,
        "envelope field `trace` was removed"
    );
}

/// `BASE` with an envelope `cli` that nests the error; the entries are sent
/// in it too when `sent`.
fn with_cli(sent: bool) -> String {
    let envelopes = if sent {
        "  envelopes default, cli\n"
    } else {
        ""
    };
    with(
        "    stage \"stage\"\n  }\n",
        &format!(
            "    stage \"stage\"\n  }}\n  envelope cli {{\n    const \"status\" = \"error\"\n    error \"error\" {{\n      code \"code\"\n      message \"message\"\n      stage \"stage\"\n    }}\n  }}\n{envelopes}"
        ),
    )
}

/// The catalog's name is what every generated type and file is named after:
/// renaming it was no change at all.
#[test]
fn a_renamed_catalog_breaks_generated_code() {
    let change = the_one_change(BASE, &with("catalog shop {", "catalog store {"));
    assert_eq!(change.rule, Rule::CatalogRenamed);
    assert!(change.rule.is_breaking());
    assert_eq!(change.rule.change_category(), Some(Category::Code));
    assert_eq!(change.message, "the catalog `shop` is now named `store`");
    assert!(
        change.help.as_deref().unwrap().contains("`ShopError`"),
        "{:?}",
        change.help
    );
    // A new title is no change.
    assert!(kinds(BASE, &with("catalog shop {", "catalog shop \"Shop\" {")).is_empty());
}

/// The first envelope renamed was only "envelope `api` was added", though
/// the generated names follow it (declared in another place: see
/// `envelopes_are_matched_by_name_not_by_place`).
#[test]
fn the_first_envelope_renamed_or_moved_breaks_generated_code() {
    let change = the_one_change(BASE, &with("  envelope {", "  envelope api {"));
    assert_eq!(change.rule, Rule::EnvelopeRenamed);
    assert!(change.rule.is_breaking());
    assert_eq!(change.rule.change_category(), Some(Category::Code));
    assert_eq!(change.message, "envelope `default` is now named `api`");
    // A second envelope added after the first is no rename.
    assert_eq!(kinds(BASE, &with_cli(false)), [Rule::EnvelopeAdded]);
}

#[test]
fn named_envelopes() {
    // Added: safe; removed: breaking.
    both_ways(
        BASE,
        &with_cli(false),
        (Rule::EnvelopeAdded, false),
        (Rule::EnvelopeDropped, true),
    );
    // An entry no longer sent in `cli`: breaking; sent in it again: no change.
    assert_eq!(
        kinds(&with_cli(true), &with_cli(false)),
        vec![Rule::EnvelopeDropped]
    );
    assert!(kinds(&with_cli(false), &with_cli(true)).is_empty());
    // A member of the nested error object renamed.
    let renamed = with_cli(true).replace("      message \"message\"\n", "      message \"text\"\n");
    let found = changes(&with_cli(true), &renamed);
    assert!(
        found.iter().any(|c| c.rule == Rule::EnvelopeDropped
            && c.message
                == "envelope `cli`: `error`: envelope field message `message` is now named `text`"),
        "{found:#?}"
    );
}

/// `with_cli(true)` with `cli` declared first and the default envelope
/// after it, its head written `head` and named `name` in the entries'
/// `envelopes`.
fn cli_first(head: &str, name: &str) -> String {
    let cli = with_cli(true);
    let start = cli.find("  envelope {").unwrap();
    let end = cli.find("  envelope cli").unwrap();
    let default = cli[start..end].replace("envelope {", head);
    cli.replacen(&cli[start..end], "", 1).replacen(
        "  envelopes default, cli\n",
        &format!("{default}  envelopes {name}, cli\n"),
        1,
    )
}

/// Envelopes are matched by name: declaring them in another order, or a
/// new one first, leaves the ones clients read as they were (the first
/// one's OpenAPI names move, reported as a change of category `code`).
#[test]
fn envelopes_are_matched_by_name_not_by_place() {
    let cli = with_cli(true);
    let swapped = cli_first("envelope {", "default");
    assert!(swapped.find("  envelope cli").unwrap() < swapped.find("  envelope {").unwrap());
    // No wire change; only the names OpenAPI gives the first envelope's
    // schemas move (`envelope-renamed`, of category `code`).
    for (old, new) in [(&cli, &swapped), (&swapped, &cli)] {
        let found = changes(old, new);
        assert_eq!(
            found.iter().map(|c| c.rule).collect::<Vec<_>>(),
            [Rule::EnvelopeRenamed],
            "{found:#?}"
        );
    }
    assert_eq!(
        changes(&cli, &swapped)[0].message,
        "envelope `cli` is now declared first, before `default`"
    );

    let web = cli.replacen(
        "  envelope {",
        "  envelope web {\n    code \"errCode\"\n  }\n  envelope {",
        1,
    );
    let found = changes(&cli, &web);
    assert_eq!(
        said(&found),
        [
            (
                Rule::EnvelopeRenamed,
                "envelope `web` is now declared first, before `default`"
            ),
            (Rule::EnvelopeAdded, "envelope `web` was added")
        ]
    );
    let found = changes(&web, &cli);
    assert_eq!(
        said(&found),
        [(Rule::EnvelopeDropped, "envelope `web` was removed")]
    );
}

/// An envelope renamed is one change of category `code`, also when it is
/// not the first or moves as well: it was "removed" (breaking on the wire)
/// and "added", and its entries were no longer checked.
#[test]
fn a_renamed_envelope_is_matched_by_its_wire_form() {
    let cli = with_cli(true);
    let console = cli
        .replace("envelope cli {", "envelope console {")
        .replace("envelopes default, cli", "envelopes default, console");
    let found = changes(&cli, &console);
    assert_eq!(
        said(&found),
        [(
            Rule::EnvelopeRenamed,
            "envelope `cli` is now named `console`"
        )],
    );
    assert_eq!(found[0].rule.change_category(), Some(Category::Code));
    // Renamed, and no longer sent for the entries: that is still seen.
    let unsent = cli
        .replace("envelope cli {", "envelope console {")
        .replace("envelopes default, cli", "envelopes default");
    assert!(
        kinds(&cli, &unsent).contains(&Rule::EnvelopeDropped),
        "{:#?}",
        changes(&cli, &unsent)
    );
    // The first one renamed while another is declared first: both said,
    // nothing removed or added.
    let moved = cli_first("envelope api {", "api");
    let found = changes(&cli, &moved);
    assert_eq!(
        said(&found),
        [
            (
                Rule::EnvelopeRenamed,
                "envelope `default` is now named `api`"
            ),
            (
                Rule::EnvelopeRenamed,
                "envelope `cli` is now declared first, before `api`"
            ),
        ],
        "{found:#?}"
    );
    // Two new envelopes of the form of the one gone: which is it? Removed
    // and added, as before.
    let twins = cli.replace(
        "  envelope cli {",
        "  envelope web {\n    const \"status\" = \"error\"\n    error \"error\" {\n      code \"code\"\n      message \"message\"\n      stage \"stage\"\n    }\n  }\n  envelope app {",
    )
    .replace("envelopes default, cli", "envelopes default, web, app");
    let found = kinds(&cli, &twins);
    assert!(
        found.contains(&Rule::EnvelopeDropped) && found.contains(&Rule::EnvelopeAdded),
        "{found:?}"
    );
    assert!(!found.contains(&Rule::EnvelopeRenamed), "{found:?}");
}

#[test]
fn autoscorer_v1_to_v2_removes_two_codes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let v1 = std::fs::read_to_string(root.join("examples/autoscorer-v1.errors")).unwrap();
    let v2 = std::fs::read_to_string(root.join("examples/autoscorer.errors")).unwrap();
    let found = changes(&v1, &v2);
    let removed: Vec<String> = found
        .iter()
        .filter(|c| c.rule == Rule::CodeRemoved)
        .map(|c| c.message.split('`').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(removed, ["CONTAINER_WAIT_FAILED", "EXEC_ERROR"]);
    assert!(found
        .iter()
        .filter(|c| c.rule == Rule::CodeRemoved)
        .all(|c| c.rule.is_breaking()));
    assert!(found
        .iter()
        .any(|c| c.rule == Rule::CodeAdded && !c.rule.is_breaking()));
}

#[test]
fn an_error_without_a_stage_makes_the_stage_optional() {
    // Responses for the new code carry no stage: clients that relied on it break.
    let stageless = format!("{BASE}{}", SECOND.replace("  stage checkout\n", ""));
    let found = changes(BASE, &stageless);
    let envelope = found
        .iter()
        .find(|c| c.rule == Rule::EnvelopeChanged)
        .expect("envelope change");
    assert!(envelope.rule.is_breaking());
    assert!(envelope.message.contains("`stage`"), "{}", envelope.message);
}

/// Each change's rule and message, in order.
fn said(found: &[Diagnostic]) -> Vec<(Rule, &str)> {
    found.iter().map(|c| (c.rule, c.message.as_str())).collect()
}

/// Both catalogs lowered into one source map, checked clean.
fn lowered(old: &str, new: &str) -> Vec<errgen::ir::Catalog> {
    let mut sources = SourceMap::new();
    [old, new]
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let file = sources.add(SourceFile::new(
                format!("v{i}.errors"),
                None,
                text.to_owned(),
            ));
            let (catalog, diagnostics) = errgen::ir::parse_and_lower(file, text)
                .unwrap_or_else(|d| panic!("{}: {text}", d.message));
            assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
            catalog
        })
        .collect()
}

/// `version-bump` between two texts: its message, if reported.
fn bump(old: &str, new: &str) -> Option<String> {
    let catalogs = lowered(old, new);
    let changes = diff(&catalogs[0], &catalogs[1]);
    errgen::diff::version_bump(&catalogs[0], &catalogs[1], &changes).map(|d| {
        assert_eq!(d.rule, errgen::diagnostic::Rule::VersionBump);
        format!("{} | {}", d.message, d.help.unwrap_or_default())
    })
}

fn versioned(version: &str, text: &str) -> String {
    text.replace("version 1.0.0", &format!("version {version}"))
}

/// The seeds' v1 → v2 convention (autoscorer): 14 breaking changes (two of
/// them the params `logs_path` and `suggestions` that v2 sends with an
/// error v1 had). Under
/// its real major bump (1.0.0 → 2.0.0) nothing is said; under a minor
/// bump `version-bump` is.
#[test]
fn the_autoscorer_pair_needs_its_major_bump() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let v1 = std::fs::read_to_string(root.join("examples/autoscorer-v1.errors")).unwrap();
    let v2 = std::fs::read_to_string(root.join("examples/autoscorer.errors")).unwrap();
    assert!(v2.contains("  version 2.0.0\n"));
    assert_eq!(bump(&v1, &v2), None);
    let minor = v2.replace("  version 2.0.0\n", "  version 1.1.0\n");
    let said = bump(&v1, &minor).expect("a minor bump over 14 breaking changes");
    assert!(
        said.starts_with(
            "catalog `autoscorer` has 14 breaking changes since 1.0.0, but 1.1.0 is not a major version bump"
        ),
        "{said}"
    );
    assert!(said.contains("write `version 2.0.0`"), "{said}");
}

#[test]
fn breaking_changes_need_a_major_version() {
    let http = with("http 409", "http 400");
    let cases = [
        ("1.0.0", "1.0.1", true),
        ("1.0.0", "1.1.0", true),
        ("1.0.0", "1.0.0", true),
        ("1.0.0", "2.0.0", false),
        ("1.0.0", "2.0.0-rc.1", false),
        ("0.3.1", "0.4.0", false),
        ("0.3.1", "0.3.2", true),
        ("0.0.3", "0.0.4", false),
        ("2.0.0-rc.1", "2.0.0", false),
    ];
    for (old, new, reported) in cases {
        let said = bump(&versioned(old, BASE), &versioned(new, &http));
        assert_eq!(said.is_some(), reported, "{old} → {new}: {said:?}");
    }
    let said = bump(&versioned("0.3.1", BASE), &versioned("0.3.2", &http)).unwrap();
    assert!(said.contains("1 breaking change since 0.3.1"), "{said}");
    assert!(
        said.ends_with(
            "write `version 0.4.0`, or undo the breaking changes (`errgen diff` lists them)"
        ),
        "{said}"
    );
}

#[test]
fn safe_changes_take_any_version_that_does_not_go_down() {
    let more = format!("{BASE}{SECOND}");
    for new in ["1.0.0", "1.0.1", "1.1.0", "2.0.0"] {
        assert_eq!(bump(BASE, &versioned(new, &more)), None, "{new}");
    }
    let said = bump(&versioned("1.2.0", BASE), &versioned("1.1.0", &more)).unwrap();
    assert!(
        said.starts_with("catalog `shop` goes down from version 1.2.0 to 1.1.0"),
        "{said}"
    );
    // The same catalog, lower: the files were given the wrong way round.
    assert!(bump(&versioned("2.0.0", BASE), BASE).is_some());
}

#[test]
fn versions_are_judged_only_when_the_old_catalog_has_one() {
    let http = with("http 409", "http 400");
    let bare = |text: &str| text.replace("  version 1.0.0\n", "");
    assert_eq!(bump(&bare(BASE), &bare(&http)), None);
    assert_eq!(bump(&bare(BASE), &versioned("1.0.1", &http)), None);
    let said = bump(BASE, &bare(&http)).unwrap();
    assert!(said.contains("declares no version"), "{said}");
    assert!(said.contains("`version 2.0.0`"), "{said}");
    assert_eq!(bump(BASE, &bare(BASE)), None);
}

/// Every change is a diagnostic of a change rule: breaking ones warn,
/// safe ones note, each in one category, with its place in the new
/// version (or the old, for a removal) and the other as a secondary label.
#[test]
fn changes_are_diagnostics_of_change_rules() {
    let renamed = with("error out_of_stock", "error sold_out");
    let found = changes(BASE, &renamed);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!((d.rule.code(), d.rule.name()), ("W0052", "entry-renamed"));
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.rule.change_category(), Some(Category::Code));
    assert_eq!(d.primary.span.file, FileId(1));
    assert_eq!(d.primary.message, "after");
    assert_eq!(d.secondary[0].span.file, FileId(0));
    assert_eq!(d.secondary[0].message, "before");
    assert!(
        d.notes[0].contains("category `code`; breaking"),
        "{:?}",
        d.notes
    );
    let removed = changes(&format!("{BASE}{SECOND}"), BASE);
    assert_eq!(removed[0].rule, Rule::CodeRemoved);
    assert_eq!(removed[0].primary.span.file, FileId(0));
    assert!(removed[0].secondary.is_empty());
    // The rules of `diff` are its own: none is a catalog rule, and each
    // is breaking exactly when it warns.
    for rule in Rule::ALL {
        match rule.change_category() {
            Some(_) => {
                assert!(!rule.is_catalog_rule(), "{rule}");
                assert_eq!(rule.is_breaking(), rule.severity() == Severity::Warning);
                assert_ne!(rule.severity(), Severity::Error, "{rule}");
            }
            None => assert!(!rule.is_breaking(), "{rule}"),
        }
    }
}

/// Every change rule is reported by some pair of versions: the table holds
/// one edit of `BASE` (or a pair) per rule, each checked clean on both sides.
#[test]
fn every_change_rule_has_a_pair_that_reports_it() {
    let more = format!("{BASE}{SECOND}");
    let retired = format!("{BASE}\nreserved \"SHOP_0002\" \"removed in 2.0\"\n");
    let retired_only = retired.clone();
    let success = format!("{BASE}\nsuccess basket_empty = \"SHOP_0002\" {{\n  stage checkout\n  message en \"Empty.\"\n  message zh \"空。\"\n}}\n");
    let error = success.replace("success basket_empty", "error basket_empty");
    let ints = "catalog c {\n  locales en\n}\n\nerror a = 100 {\n  message en \"A.\"\n}\n";
    let strings = ints.replace("= 100", "= \"100\"");
    let pairs: Vec<(String, String)> = vec![
        (more.clone(), BASE.into()),
        (BASE.into(), more.clone()),
        (more.clone(), retired.clone()),
        (retired, more),
        (
            BASE.into(),
            with("error out_of_stock =", "error sold_out ="),
        ),
        (error, success),
        (BASE.into(), with("http 409", "http 400")),
        (
            BASE.into(),
            with("grpc FAILED_PRECONDITION", "grpc ABORTED"),
        ),
        (BASE.into(), with("retryable true", "retryable false")),
        (with("retryable true", "retryable false"), BASE.into()),
        (BASE.into(), with("stage checkout", "stage delivery")),
        (
            BASE.into(),
            with("{item} is out", "It is out")
                .replace("{item} 已", "已")
                .replace("  param item: string\n", ""),
        ),
        (
            with("{item} is out", "It is out")
                .replace("{item} 已", "已")
                .replace("  param item: string\n", ""),
            BASE.into(),
        ),
        (BASE.into(), with("param item: string", "param item: int")),
        (
            BASE.into(),
            with("param item: string", "param product: string").replace("{item}", "{product}"),
        ),
        (
            BASE.into(),
            with("{item} is out of stock.", "No {item} left."),
        ),
        // Two params, then the same two in another order.
        (
            with(
                "  param item: string\n",
                "  param item: string\n  param left: int\n",
            )
            .replace("{item} is out", "{item} ({left}) is out")
            .replace("{item} 已", "{item}（{left}）已"),
            with(
                "  param item: string\n",
                "  param left: int\n  param item: string\n",
            )
            .replace("{item} is out", "{item} ({left}) is out")
            .replace("{item} 已", "{item}（{left}）已"),
        ),
        (BASE.into(), with("  message zh \"{item} 已售罄。\"\n", "")),
        (with("  message zh \"{item} 已售罄。\"\n", ""), BASE.into()),
        (
            BASE.into(),
            with("Try again later.", "Order something else."),
        ),
        (
            BASE.into(),
            with(
                "  retryable true\n",
                "  retryable true\n  deprecated \"gone soon\"\n",
            ),
        ),
        (BASE.into(), with("locales en, zh", "locales en, zh, ko")),
        (with("locales en, zh", "locales en, zh, ko"), BASE.into()),
        (BASE.into(), with("locales en, zh", "locales zh, en")),
        (
            BASE.into(),
            with("    message \"message\"\n", "    message \"msg\"\n"),
        ),
        (
            BASE.into(),
            with(
                "    stage \"stage\"\n",
                "    stage \"stage\"\n    field \"trace\": string optional\n",
            ),
        ),
        (ints.into(), strings),
        (
            BASE.into(),
            with(
                "format \"SHOP_{digits:4}\"",
                "format \"SHOP_{digits:4}\"\n  format \"SHOP_{upper}\"",
            ),
        ),
        // A reservation dropped.
        (retired_only.clone(), BASE.into()),
        // An upstream mapping added.
        (
            BASE.into(),
            with(
                "  remedy en \"Try again later.\"\n",
                "  remedy en \"Try again later.\"\n  upstream warehouse {\n    http 409\n  }\n",
            ),
        ),
        // The catalog renamed, and its envelope.
        (BASE.into(), with("catalog shop {", "catalog store {")),
        (BASE.into(), with("  envelope {", "  envelope api {")),
        // A named envelope added, and then an entry no longer sent in it.
        (BASE.into(), with_cli(false)),
        (with_cli(true), with_cli(false)),
        // Aliases: added, removed, and a code turned into one.
        (
            BASE.into(),
            with("  http 409\n", "  alias \"SHOP_01\"\n  http 409\n"),
        ),
        (
            with("  http 409\n", "  alias \"SHOP_01\"\n  http 409\n"),
            BASE.into(),
        ),
        (
            format!("{BASE}{SECOND}"),
            with(
                "  http 409\n",
                "  alias \"SHOP_0002\" \"the basket code of 1.x\"\n  http 409\n",
            ),
        ),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (old, new) in &pairs {
        seen.extend(kinds(old, new));
    }
    // A catalog removed from a workspace, and one added.
    let other = "catalog billing {\n  locales en\n}\n";
    seen.extend(
        workspace_changes(&[BASE, other], &[BASE])
            .iter()
            .map(|c| c.0),
    );
    seen.extend(
        workspace_changes(&[BASE], &[BASE, other])
            .iter()
            .map(|c| c.0),
    );
    // And a code moved from one catalog into another.
    let second = format!("{}{SECOND}", other.replace("en", "en, zh"));
    seen.extend(
        workspace_changes(&[BASE, &second], &[&format!("{BASE}{SECOND}"), other])
            .iter()
            .map(|c| c.0),
    );
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.change_category().is_some() && !seen.contains(r))
        .map(|r| r.name())
        .collect();
    assert!(missing.is_empty(), "no pair reports {missing:?}");
}

/// The human and JSON forms of the changes of the autoscorer's two real
/// versions, as `errgen diff` prints them.
#[test]
fn autoscorer_changes_as_printed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = SourceMap::new();
    let mut catalogs = Vec::new();
    for name in [
        "examples/autoscorer-v1.errors",
        "examples/autoscorer.errors",
    ] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        let file = sources.add(SourceFile::new(name, None, text.clone()));
        let ast = errgen::parse::parse(file, &text).unwrap();
        catalogs.push(errgen::ir::lower(&ast, &text).0);
    }
    let found = diff(&catalogs[0], &catalogs[1]);
    let human: Vec<String> = found
        .iter()
        .map(|d| errgen::diff::human(d, &sources))
        .collect();
    insta::assert_snapshot!("autoscorer.human", human.join("\n\n"));
    let json: Vec<String> = found
        .iter()
        .map(|d| errgen::render::json(d, &sources))
        .collect();
    insta::assert_snapshot!("autoscorer.json", json.join("\n"));
}

/// `check: baseline` pairs catalogs by name; a catalog renamed (every
/// generated name changes: `catalog-renamed`, breaking) was taken as new and
/// never compared. One that keeps at least half of a released catalog's
/// codes, which no current catalog is named after, is compared with it.
#[test]
fn the_baseline_pairs_a_renamed_catalog_by_its_codes() {
    let full = format!("{BASE}{SECOND}");
    let renamed = full.replace("catalog shop", "catalog store");
    let against = |released: &str, current: &[&str]| -> Vec<String> {
        let mut texts = vec![released];
        texts.extend(current);
        let mut sources = SourceMap::new();
        let catalogs: Vec<errgen::ir::Catalog> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let file = sources.add(SourceFile::new(
                    format!("v{i}.errors"),
                    None,
                    text.to_string(),
                ));
                errgen::ir::parse_and_lower(file, text).unwrap().0
            })
            .collect();
        let (released, current) = catalogs.split_at(1);
        let current: Vec<&errgen::ir::Catalog> = current.iter().collect();
        errgen::diff::against_baseline(&current, released)
            .into_iter()
            .map(|d| {
                assert_eq!(d.rule, Rule::VersionBump);
                format!("{} | {}", d.message, d.notes.join(" "))
            })
            .collect()
    };
    let found = against(&full, &[&renamed]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("catalog `store` has 1 breaking change since 1.0.0")
            && found[0].contains("`shop`"),
        "{found:?}"
    );
    // Renamed under a major bump: nothing to say.
    assert!(against(&full, &[&versioned("2.0.0", &renamed)]).is_empty());
    // A catalog of other codes beside the released one is new; the
    // released one, kept, is compared by its name.
    let other = "catalog other {\n  version 1.0.0\n  locales en\n}\n\nerror x = \"X_1\" {\n  message en \"X.\"\n}\n";
    assert!(against(&full, &[&full, other]).is_empty());
    assert!(against(&full, &[other]).is_empty());
    // Less than half of the released codes kept: not the same catalog.
    let third =
        "\nerror gone = \"SHOP_0003\" {\n  message en \"Gone.\"\n  message zh \"没了。\"\n}\n";
    let split = BASE.replace("catalog shop", "catalog store");
    assert!(against(&format!("{full}{third}"), &[&split]).is_empty());
    assert_eq!(against(&full, &[&split]).len(), 1, "half is kept");
}

/// The changes and version bumps between two workspaces of `old` and `new`
/// catalogs, as rule and message.
fn workspace_changes(old: &[&str], new: &[&str]) -> Vec<(Rule, String)> {
    let mut sources = SourceMap::new();
    let mut files = 0;
    let mut side = |texts: &[&str]| -> Vec<errgen::ir::Catalog> {
        texts
            .iter()
            .map(|text| {
                files += 1;
                let name = format!("v{files}.errors");
                let file = sources.add(SourceFile::new(name, None, text.to_string()));
                let (catalog, diagnostics) = errgen::ir::parse_and_lower(file, text).unwrap();
                assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
                catalog
            })
            .collect()
    };
    let (old, new) = (side(old), side(new));
    let found = errgen::diff::diff_workspaces(&old, &new);
    found
        .changes
        .iter()
        .chain(&found.bumps)
        .map(|c| (c.rule, c.message.clone()))
        .collect()
}

/// Two folders of catalogs: each catalog compared with its version (by
/// name, or renamed when it keeps half of the codes), a catalog gone is
/// breaking, a new one safe, and each pair gets its version bump.
#[test]
fn workspaces_are_compared_catalog_by_catalog() {
    let billing = "catalog billing {\n  version 1.0.0\n  locales en\n}\n\nerror declined = \"BILL_1\" {\n  message en \"Declined.\"\n}\n";
    let auth = billing
        .replace("billing", "auth")
        .replace("BILL_1", "AUTH_1");
    let store = with("catalog shop {", "catalog store {");
    let found = workspace_changes(&[BASE, billing], &[&store, &auth]);
    let rules: Vec<(Rule, &str)> = found.iter().map(|(r, m)| (*r, m.as_str())).collect();
    assert_eq!(
        rules,
        [
            (Rule::CatalogRenamed, "the catalog `shop` is now named `store`"),
            (Rule::CatalogRemoved, "catalog `billing` was removed"),
            (Rule::CatalogAdded, "catalog `auth` was added"),
            (
                Rule::VersionBump,
                "catalog `store` has 1 breaking change since 1.0.0, but 1.0.0 is not a major version bump"
            ),
        ]
    );
    assert!(Rule::CatalogRemoved.is_breaking());
    assert!(!Rule::CatalogAdded.is_breaking());
    // The same workspace, in another order of files: no change.
    assert!(workspace_changes(&[BASE, billing], &[billing, BASE]).is_empty());
    // A change inside a catalog is its own.
    let moved = with("http 409", "http 400");
    let found = workspace_changes(&[BASE, billing], &[billing, &moved]);
    assert_eq!(found[0].0, Rule::HttpChanged, "{found:?}");
}

/// A code that left one catalog of a workspace for another is moved, not
/// removed there and added here: breaking for the generated code only,
/// and compared with its old self as any entry kept.
#[test]
fn a_code_moved_between_catalogs_is_one_change() {
    let billing = "catalog billing {\n  version 1.0.0\n  locales en\n}\n\nerror declined = \"BILL_1\" {\n  http 402\n  message en \"Declined.\"\n}\n";
    let expired = "\nerror expired = \"BILL_2\" {\n  message en \"Expired.\"\n}\n";
    let auth = "catalog auth {\n  version 1.0.0\n  locales en\n}\n\nerror denied = \"AUTH_1\" {\n  message en \"Denied.\"\n}\n";
    let declined = "\nerror declined = \"BILL_1\" {\n  http 402\n  message en \"Declined.\"\n}\n";
    let rules = |found: &[(Rule, String)]| found.iter().map(|(r, _)| *r).collect::<Vec<_>>();

    // Every code of `billing` moved into `auth`: one move, no removal.
    let found = workspace_changes(&[billing, auth], &[&format!("{auth}{declined}")]);
    assert_eq!(
        found,
        [(
            Rule::CodeMoved,
            "code `BILL_1` (`declined`) moved from catalog `billing` to `auth`".to_owned()
        )]
    );
    // An alias the moved entry gained or lost is reported with it.
    let aliased = declined.replace("  http 402\n", "  alias \"BILL_01\"\n  http 402\n");
    let found = workspace_changes(&[billing, auth], &[&format!("{auth}{aliased}")]);
    assert_eq!(
        rules(&found),
        [Rule::CodeMoved, Rule::AliasAdded],
        "{found:?}"
    );
    let found = workspace_changes(
        &[
            &billing.replace("  http 402\n", "  alias \"BILL_01\"\n  http 402\n"),
            auth,
        ],
        &[&format!("{auth}{declined}")],
    );
    assert_eq!(
        rules(&found),
        [Rule::CodeMoved, Rule::AliasRemoved],
        "{found:?}"
    );
    assert!(Rule::CodeMoved.is_breaking());
    assert_eq!(
        Rule::CodeMoved.change_category(),
        Some(errgen::diagnostic::Category::Code)
    );

    // One code moved, with another status; the other gone with its catalog.
    let now = format!("{auth}{}", declined.replace("402", "400"));
    let found = workspace_changes(&[&format!("{billing}{expired}"), auth], &[&now]);
    assert_eq!(
        rules(&found),
        [Rule::CodeMoved, Rule::HttpChanged, Rule::CatalogRemoved],
        "{found:?}"
    );

    // Both catalogs kept: the move counts in the version bump of the
    // catalog it left, and not in that of the one it came into.
    let found = workspace_changes(
        &[&format!("{billing}{expired}"), auth],
        &[
            &billing.replace("BILL_1", "BILL_3"),
            &format!("{auth}{declined}"),
        ],
    );
    assert_eq!(
        rules(&found),
        [
            Rule::CodeAdded,
            Rule::CodeRemoved,
            Rule::CodeMoved,
            Rule::VersionBump
        ],
        "{found:?}"
    );
    assert!(
        found[0].1.contains("BILL_3") && found[1].1.contains("BILL_2"),
        "{found:?}"
    );
    let bumps: Vec<&str> = (found.iter())
        .filter(|(r, _)| *r == Rule::VersionBump)
        .map(|(_, m)| m.as_str())
        .collect();
    assert_eq!(bumps.len(), 1, "{found:?}");
    assert!(
        bumps[0].starts_with("catalog `billing` has 2 breaking changes"),
        "{bumps:?}"
    );

    // Merged into another catalog's entry as its alias: `code-aliased`, as
    // within one catalog, and no removal, no alias added.
    let merged = auth.replace(
        "  message en \"Denied.\"",
        "  alias \"BILL_1\"\n  message en \"Denied.\"",
    );
    let found = workspace_changes(&[billing, auth], &[&merged]);
    assert_eq!(
        found,
        [(
            Rule::CodeAliased,
            "code `BILL_1` (`declined`) was removed and is now an alias of `AUTH_1` (`denied`) in catalog `auth`"
                .to_owned()
        )]
    );
    // The same, `billing` kept with its other code.
    let kept = "catalog billing {\n  version 1.0.0\n  locales en\n}\n";
    let found = workspace_changes(
        &[&format!("{billing}{expired}"), auth],
        &[&format!("{kept}{expired}"), &merged],
    );
    assert_eq!(rules(&found), [Rule::CodeAliased], "{found:?}");

    // Into a catalog whose envelope names the code otherwise: a change on
    // the wire, for this code.
    let other = auth.replace(
        "locales en\n",
        "locales en\n  envelope {\n    code \"error_code\"\n    message \"message\"\n  }\n",
    );
    let found = workspace_changes(&[billing, &other], &[&format!("{other}{declined}")]);
    assert_eq!(
        rules(&found),
        [Rule::CodeMoved, Rule::EnvelopeChanged],
        "{found:?}"
    );
    assert!(
        found[1].1.starts_with("`BILL_1` in envelope `"),
        "{found:?}"
    );
}
