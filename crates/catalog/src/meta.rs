//! Catalog records, mirroring Spark's `CatalogDatabase` and `CatalogTable`. Column types are kept
//! as Spark type strings (`simpleString`) so the store does not depend on the type system.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A database (Spark's `CatalogDatabase`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseMeta {
    /// Lower-cased name.
    pub name: String,
    pub comment: Option<String>,
    /// A URI, e.g. `file:/path/spark-warehouse/db.db`.
    pub location: String,
    pub properties: BTreeMap<String, String>,
}

/// A column of a table or view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMeta {
    pub name: String,
    /// Spark's `simpleString` of the type, e.g. `int`, `array<string>`.
    pub data_type: String,
    pub nullable: bool,
    pub comment: Option<String>,
}

/// Spark's `CatalogTableType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableKind {
    Managed,
    External,
    View,
}

impl TableKind {
    /// As Spark prints it (`DESCRIBE EXTENDED`'s `Type`, `spark.catalog.listTables`'s tableType).
    pub fn name(self) -> &'static str {
        match self {
            Self::Managed => "MANAGED",
            Self::External => "EXTERNAL",
            Self::View => "VIEW",
        }
    }
}

/// A table or persistent view (Spark's `CatalogTable`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableMeta {
    /// Lower-cased database name.
    pub database: String,
    /// Lower-cased table name.
    pub name: String,
    pub kind: TableKind,
    /// The data source (`parquet`, `csv`...); `None` for views.
    pub provider: Option<String>,
    /// The directory URI of the data; `None` for views.
    pub location: Option<String>,
    /// All columns, partition columns last (Spark's order).
    pub columns: Vec<ColumnMeta>,
    pub partition_columns: Vec<String>,
    /// `OPTIONS` (Spark's storage properties).
    pub options: BTreeMap<String, String>,
    /// `TBLPROPERTIES`.
    pub properties: BTreeMap<String, String>,
    pub comment: Option<String>,
    /// A view's SQL text.
    pub view_text: Option<String>,
    /// A view's query's own column names (before the view's column list renames them).
    #[serde(default)]
    pub view_query_columns: Vec<String>,
    /// The SQL configs captured when the view was created (Spark's `view.sqlConfig.*`).
    #[serde(default)]
    pub view_sql_configs: BTreeMap<String, String>,
    /// Milliseconds since the epoch.
    pub created_ms: i64,
}

impl TableMeta {
    /// `spark_catalog.db.name`.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}.{}", crate::CATALOG_NAME, self.database, self.name)
    }

    /// The column named `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnMeta> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}
