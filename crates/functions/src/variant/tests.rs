//! Variant function tests: paths, schemas and casts.

use super::cast::{CastCtx, cast_rows};
use super::encoding::{VariantRef, parse_json};
use super::path::{Segment, parse, walk};
use super::schema_of_variant::schema_of;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType as ArrowType, Int32Type};

#[test]
fn paths_parse_like_spark() {
    assert_eq!(
        parse(r#"$.a['b c'][1]["d"]"#),
        Some(vec![
            Segment::Key("a".into()),
            Segment::Key("b c".into()),
            Segment::Index(1),
            Segment::Key("d".into())
        ])
    );
    assert_eq!(parse("$"), Some(vec![]));
    assert_eq!(parse("a"), None);
    assert_eq!(parse("$[-1]"), None);
    assert_eq!(parse("$."), None);
}

fn schema(s: &str) -> String {
    let (v, m) = parse_json(s).unwrap();
    schema_of(&VariantRef::new(&v, &m)).unwrap().sql()
}

#[test]
fn schemas_merge_like_spark() {
    assert_eq!(
        schema(r#"{"b":{"c":1},"a":[true,null,"x", 1.5, 1e3, 3000000000]}"#),
        "OBJECT<a: ARRAY<VARIANT>, b: OBJECT<c: BIGINT>>"
    );
    assert_eq!(schema("1.50"), "DECIMAL(2,1)");
    assert_eq!(schema("100.0"), "DECIMAL(3,0)");
    assert_eq!(schema("[1, 2.5]"), "ARRAY<DECIMAL(21,1)>");
    assert_eq!(schema("[1, 1e3]"), "ARRAY<DOUBLE>");
    assert_eq!(schema("[]"), "ARRAY<VOID>");
    assert_eq!(schema("{}"), "OBJECT<>");
    assert_eq!(
        schema(r#"[{"a":1},{"b":"x"}, {"a":null}]"#),
        "ARRAY<OBJECT<a: BIGINT, b: STRING>>"
    );
    assert_eq!(
        schema("[0.1234567890123456789012345, 123456789012345]"),
        "ARRAY<DOUBLE>"
    );
}

#[test]
fn casts_follow_spark() {
    let (v, m) = parse_json(r#"{"a":[1,"2",null,"x", 1.5]}"#).unwrap();
    let root = VariantRef::new(&v, &m);
    let a = walk(root, &parse("$.a").unwrap()).unwrap();
    let t = ArrowType::Int32;
    let ctx = CastCtx {
        fail: false,
        zone: "UTC".into(),
    };
    let rows: Vec<_> = (0..5)
        .map(|i| Some(a.unwrap().array_elem(i).unwrap()))
        .collect();
    let out = cast_rows(&rows, &t, &ctx).unwrap();
    let out = out.as_primitive::<Int32Type>();
    assert_eq!(out.value(0), 1);
    assert_eq!(out.value(1), 2);
    assert!(out.is_null(2) && out.is_null(3));
    assert_eq!(out.value(4), 1);
    let strict = CastCtx {
        fail: true,
        zone: "UTC".into(),
    };
    let err = cast_rows(&rows, &t, &strict).unwrap_err().to_string();
    assert!(err.contains("INVALID_VARIANT_CAST"), "{err}");
}
