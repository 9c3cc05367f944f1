//! Encoding tests against bytes recorded from Spark 4.3.0's `parse_json`.

use super::*;

fn parse(s: &str) -> (Vec<u8>, Vec<u8>) {
    parse_json(s).unwrap()
}

fn json(s: &str) -> String {
    let (v, m) = parse(s);
    to_json(&VariantRef::new(&v, &m), "UTC").unwrap()
}

#[test]
fn integers_narrow() {
    assert_eq!(parse("1"), (vec![0x0c, 0x01], vec![1, 0, 0]));
    assert_eq!(parse("300").0, vec![0x10, 0x2c, 0x01]);
}

#[test]
fn decimals_and_doubles() {
    assert_eq!(parse("1.50").0, vec![0x20, 0x02, 0x96, 0, 0, 0]);
    assert_eq!(parse("-0.0").0, vec![0x20, 0x01, 0, 0, 0, 0]);
    assert_eq!(
        parse("1e5").0,
        [vec![0x1c], 100000f64.to_le_bytes().to_vec()].concat()
    );
    let big = parse("12345678901234567890").0;
    assert_eq!(big[0], 0x28);
    assert_eq!(big.len(), 18);
    assert_eq!(
        parse("123456789012345678901234567890123456789012").0[0],
        0x1c
    );
}

#[test]
fn objects_sort_keys_and_keep_dictionary_order() {
    let (v, m) = parse(r#"{"b":{"c":1},"a":[true,null,"x"]}"#);
    assert_eq!(
        v,
        vec![
            0x02, 0x02, 0x02, 0x00, 0x07, 0x00, 0x11, 0x02, 0x01, 0x01, 0x00, 0x02, 0x0c, 0x01,
            0x03, 0x03, 0x00, 0x01, 0x02, 0x04, 0x04, 0x00, 0x05, b'x'
        ]
    );
    assert_eq!(
        m,
        vec![0x01, 0x03, 0x00, 0x01, 0x02, 0x03, b'b', b'c', b'a']
    );
    assert_eq!(
        json(r#"{"b":{"c":1},"a":[true,null,"x"]}"#),
        r#"{"a":[true,null,"x"],"b":{"c":1}}"#
    );
}

#[test]
fn errors_and_rendering() {
    assert_eq!(parse_json(r#"{"a":1,"a":2}"#), Err(ParseError::Malformed));
    assert_eq!(parse_json("{a:1}"), Err(ParseError::Malformed));
    assert_eq!(parse_json("NaN"), Err(ParseError::Malformed));
    assert_eq!(parse_json("'a'"), Err(ParseError::Malformed));
    assert_eq!(parse_json(""), Err(ParseError::Malformed));
    assert_eq!(parse("1 2"), parse("1"));
    assert_eq!(
        json(r#"{"b":1.50,"a":1e20, "c":"q\""}"#),
        r#"{"a":1.0E20,"b":1.5,"c":"q\""}"#
    );
    assert_eq!(
        timestamp_text(1_704_164_645_500_000, Some("UTC")),
        "2024-01-02 03:04:05.5+00:00"
    );
}
