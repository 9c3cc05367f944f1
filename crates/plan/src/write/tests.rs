//! End-to-end tests of `write_files` on the local file system: layout, formats' bytes, save
//! modes, and a failing query leaving nothing behind.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BinaryArray, Date32Array, Decimal128Array, Float64Array, Int32Array, RecordBatch,
    StringArray, TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::datasource::MemTable;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;

use super::*;

fn temp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("sabot-write-test-{}", uuid_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn uuid_pattern() -> regex::Regex {
    regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap()
}

/// Relative file names under `dir` (the job UUID as `U`), sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().to_string();
                let re = uuid_pattern();
                out.push(re.replace_all(&rel, "U").to_string());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

fn only_file(dir: &Path, suffix: &str) -> String {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        if n.ends_with(suffix) {
            found.push(e.path());
        }
    }
    assert_eq!(found.len(), 1, "{found:?}");
    std::fs::read_to_string(&found[0]).unwrap()
}

async fn plan_of(ctx: &SessionContext, batch: RecordBatch) -> LogicalPlan {
    let table = MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap();
    ctx.read_table(Arc::new(table))
        .unwrap()
        .into_unoptimized_plan()
}

fn typed_batch() -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("i", DataType::Int32, true),
        Field::new("s", DataType::Utf8, true),
        Field::new("d", DataType::Float64, true),
        Field::new("dec", DataType::Decimal128(10, 3), true),
        Field::new("dt", DataType::Date32, true),
        Field::new(
            "ts",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        Field::new("bin", DataType::Binary, true),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int32Array::from(vec![Some(1), None])),
        Arc::new(StringArray::from(vec![Some("a,b"), None])),
        Arc::new(Float64Array::from(vec![Some(1e20), Some(f64::NAN)])),
        Arc::new(
            Decimal128Array::from(vec![Some(12345), None])
                .with_precision_and_scale(10, 3)
                .unwrap(),
        ),
        Arc::new(Date32Array::from(vec![Some(19787), None])),
        Arc::new(
            TimestampMicrosecondArray::from(vec![Some(1_709_600_523_456_000), None])
                .with_timezone("UTC"),
        ),
        Arc::new(BinaryArray::from(vec![Some(&[1u8, 2, 255][..]), None])),
    ];
    RecordBatch::try_new(schema, columns).unwrap()
}

fn spec(path: &Path, format: FileFormat, mode: SaveMode) -> FileWriteSpec {
    FileWriteSpec {
        path: path.to_string_lossy().to_string(),
        format,
        mode,
        conf: WriteConf {
            time_zone: "America/Los_Angeles".into(),
            ..WriteConf::default()
        },
        ..FileWriteSpec::default()
    }
}

#[tokio::test]
async fn csv_and_json_values_as_spark_writes_them() {
    let ctx = SessionContext::new();
    let dir = temp_dir();
    let out = dir.join("csv");
    let plan = plan_of(&ctx, typed_batch()).await;
    write_files(
        &ctx,
        plan,
        &spec(&out, FileFormat::Csv, SaveMode::ErrorIfExists),
    )
    .await
    .unwrap();
    assert_eq!(
        only_file(&out, ".csv"),
        "1,\"a,b\",1.0E20,12.345,2024-03-05,2024-03-04T17:02:03.456-08:00,[01 02 FF]\n,,NaN,,,,\n"
    );
    let out = dir.join("json");
    let plan = plan_of(&ctx, typed_batch()).await;
    write_files(
        &ctx,
        plan,
        &spec(&out, FileFormat::Json, SaveMode::ErrorIfExists),
    )
    .await
    .unwrap();
    assert_eq!(
        only_file(&out, ".json"),
        "{\"i\":1,\"s\":\"a,b\",\"d\":1.0E20,\"dec\":12.345,\"dt\":\"2024-03-05\",\"ts\":\"2024-03-04T17:02:03.456-08:00\",\"bin\":\"AQL/\"}\n{\"d\":\"NaN\"}\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn layout_modes_and_partitions() {
    let ctx = SessionContext::new();
    let dir = temp_dir();
    let out = dir.join("p");
    let mut s = spec(&out, FileFormat::Parquet, SaveMode::ErrorIfExists);
    s.partition_by = vec!["s".into()];
    let summary = write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    assert_eq!(summary.rows, 2);
    assert_eq!(
        files(&out),
        vec![
            "_SUCCESS",
            "s=__HIVE_DEFAULT_PARTITION__/part-00000-U.c000.snappy.parquet",
            "s=a,b/part-00000-U.c000.snappy.parquet",
        ]
    );
    // errorifexists, ignore, append, overwrite
    let e = write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap_err();
    assert_eq!(e.error_class.as_deref(), Some("PATH_ALREADY_EXISTS"));
    s.mode = SaveMode::Ignore;
    let summary = write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    assert!(!summary.written);
    s.mode = SaveMode::Append;
    write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    assert_eq!(files(&out).len(), 5);
    s.mode = SaveMode::Overwrite;
    s.partition_by.clear();
    write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    assert_eq!(
        files(&out),
        vec!["_SUCCESS", "part-00000-U-c000.snappy.parquet"]
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_failing_query_leaves_nothing_visible() {
    let ctx = SessionContext::new();
    let dir = temp_dir();
    let out = dir.join("f");
    // Written first, so the failed overwrite below must keep it.
    write_files(
        &ctx,
        plan_of(&ctx, typed_batch()).await,
        &spec(&out, FileFormat::Json, SaveMode::ErrorIfExists),
    )
    .await
    .unwrap();
    let before = files(&out);
    // A cast that fails on the second row, after the first has been written.
    let failing = ctx
        .sql("select arrow_cast(column1, 'Int32') as x from (values ('1'), ('x'))")
        .await
        .unwrap()
        .into_unoptimized_plan();
    let e = write_files(
        &ctx,
        failing,
        &spec(&out, FileFormat::Json, SaveMode::Overwrite),
    )
    .await;
    assert!(e.is_err());
    assert_eq!(files(&out), before);
    assert!(!out.join(commit::TEMPORARY_DIR).exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn save_modes_parse_as_spark() {
    assert_eq!(SaveMode::parse("Append").ok(), Some(SaveMode::Append));
    assert_eq!(
        SaveMode::parse("default").ok(),
        Some(SaveMode::ErrorIfExists)
    );
    assert_eq!(SaveMode::parse("error").ok(), Some(SaveMode::ErrorIfExists));
    let e = SaveMode::parse("bogus").err().and_then(|e| e.error_class);
    assert_eq!(e.as_deref(), Some("INVALID_SAVE_MODE"));
    assert_eq!(FileFormat::parse("CSV").ok(), Some(FileFormat::Csv));
    let e = FileFormat::parse("nosuch")
        .err()
        .and_then(|e| e.error_class);
    assert_eq!(e.as_deref(), Some("DATA_SOURCE_NOT_FOUND"));
}

// table writes: `INSERT OVERWRITE t PARTITION (s='a,b')` replaces only that partition.
#[tokio::test]
async fn overwrite_partition_replaces_one_partition() {
    let ctx = SessionContext::new();
    let dir = temp_dir();
    let out = dir.join("t");
    let mut s = spec(&out, FileFormat::Parquet, SaveMode::Append);
    s.partition_by = vec!["s".into()];
    for _ in 0..2 {
        write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
            .await
            .unwrap();
    }
    let count = |prefix: &str| files(&out).iter().filter(|f| f.starts_with(prefix)).count();
    assert_eq!((count("s=a,b/"), count("s=__HIVE")), (2, 2));
    s.mode = SaveMode::Overwrite;
    s.overwrite_partition = Some("s=a,b".into());
    write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    // The overwritten partition has the new file only; the default partition got one more.
    assert_eq!((count("s=a,b/"), count("s=__HIVE")), (1, 3));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn overwrite_of_the_path_being_read() {
    // Sabot reads the whole input while staging, and deletes the old files only at commit, so
    // overwriting the path a query reads keeps its rows (Spark 4.3 deletes them first and then
    // fails with FAILED_READ_FILE).
    let ctx = SessionContext::new();
    let dir = temp_dir();
    let out = dir.join("p");
    let s = spec(&out, FileFormat::Parquet, SaveMode::Overwrite);
    write_files(&ctx, plan_of(&ctx, typed_batch()).await, &s)
        .await
        .unwrap();
    let path = format!("{}/", out.display());
    let read = ctx
        .read_parquet(path.as_str(), Default::default())
        .await
        .unwrap();
    let plan = read.into_unoptimized_plan();
    let summary = write_files(&ctx, plan, &s).await.unwrap();
    assert_eq!(summary.rows, 2);
    let rows: usize = ctx
        .read_parquet(path.as_str(), Default::default())
        .await
        .unwrap()
        .collect()
        .await
        .unwrap()
        .iter()
        .map(|b| b.num_rows())
        .sum();
    assert_eq!(rows, 2);
    assert_eq!(
        files(&out),
        vec!["_SUCCESS", "part-00000-U-c000.snappy.parquet"]
    );
    std::fs::remove_dir_all(dir).unwrap();
}
