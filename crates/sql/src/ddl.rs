//! Catalog statements, as Spark's `SqlBaseParser.g4` reads them: `CREATE/DROP DATABASE`,
//! `USE`, `CREATE [TEMP] VIEW`, `CREATE TABLE [LIKE]`, `DROP TABLE/VIEW`, `ALTER TABLE`,
//! `REFRESH TABLE`, `INSERT`, `TRUNCATE` (the `SHOW`/`DESCRIBE` family is in `show.rs`).
//! Shared clause helpers (strings, property lists, column lists) live here too.

use std::collections::BTreeMap;

use sabot_common::spec::{
    CatalogCommand, ColumnDef, CreateTable, Expr, Literal, Plan, Statement, ViewKind,
};
use sabot_common::{Result, SparkError};

use crate::lexer::TokenKind;
use crate::parser::Parser;

/// Wraps a command as a statement.
pub(crate) fn catalog(cmd: CatalogCommand) -> Statement {
    Statement::Catalog(Box::new(cmd))
}

impl Parser<'_> {
    /// A catalog statement starting at the current token, `None` when the statement is not
    /// one (`sql` is the whole input, for the text of a view's query).
    pub(crate) fn parse_catalog_statement(&mut self, sql: &str) -> Result<Option<Statement>> {
        let cmd = if self.at_keyword("CREATE") || self.at_keyword("REPLACE") {
            self.parse_create(sql)?
        } else if self.eat_keyword("DROP") {
            self.parse_drop()?
        } else if self.eat_keyword("USE") {
            for kw in ["NAMESPACE", "DATABASE", "SCHEMA"] {
                if self.eat_keyword(kw) {
                    break;
                }
            }
            CatalogCommand::Use {
                name: self.parse_multipart_name()?,
            }
        } else if self.eat_keyword("ALTER") {
            self.parse_alter()?
        } else if self.eat_keyword("REFRESH") {
            if !self.eat_keyword("TABLE") {
                return Err(SparkError::unsupported("REFRESH of a path or a function"));
            }
            CatalogCommand::RefreshTable {
                table: self.parse_multipart_name()?,
            }
        } else if self.eat_keyword("INSERT") {
            self.parse_insert()?
        } else if self.eat_keyword("TRUNCATE") {
            self.expect_keyword("TABLE")?;
            let table = self.parse_multipart_name()?;
            let partition = self.parse_optional_partition_spec()?;
            CatalogCommand::Truncate { table, partition }
        } else if self.at_keyword("SHOW") || self.at_keyword("DESC") || self.at_keyword("DESCRIBE")
        {
            return self.parse_show_or_describe().map(Some);
        } else if self.at_keyword("CACHE")
            || self.at_keyword("UNCACHE")
            || (self.at_keyword("CLEAR") && self.peek_at(1).is_keyword("CACHE"))
        {
            return self.parse_cache_statement().map(Some);
        } else {
            return Ok(None);
        };
        Ok(Some(catalog(cmd)))
    }

    /// `IF NOT EXISTS`.
    fn eat_if_not_exists(&mut self) -> Result<bool> {
        if self.eat_keyword("IF") {
            self.expect_keyword("NOT")?;
            self.expect_keyword("EXISTS")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `IF EXISTS`.
    fn eat_if_exists(&mut self) -> Result<bool> {
        if self.eat_keyword("IF") {
            self.expect_keyword("EXISTS")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A string literal.
    pub(crate) fn parse_string_literal(&mut self) -> Result<String> {
        if self.peek().kind == TokenKind::String {
            return Ok(self.next_token().text);
        }
        Err(self.error_here())
    }

    /// `(key [=] value, ...)`: keys are strings or dotted names, values strings, numbers,
    /// booleans or names (Spark's `propertyList`).
    pub(crate) fn parse_property_list(&mut self) -> Result<BTreeMap<String, String>> {
        self.expect_symbol("(")?;
        let mut out = BTreeMap::new();
        loop {
            let key = self.parse_property_key()?;
            self.eat_symbol("=");
            let value = match self.peek().kind {
                TokenKind::String | TokenKind::Number | TokenKind::Word => self.next_token().text,
                _ => return Err(self.error_here()),
            };
            out.insert(key, value);
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        Ok(out)
    }

    fn parse_property_key(&mut self) -> Result<String> {
        if self.peek().kind == TokenKind::String {
            return Ok(self.next_token().text);
        }
        let mut parts = vec![self.parse_any_identifier()?];
        while self.eat_symbol(".") {
            parts.push(self.parse_any_identifier()?);
        }
        Ok(parts.join("."))
    }

    /// `(key, ...)` of `UNSET TBLPROPERTIES`.
    fn parse_property_keys(&mut self) -> Result<Vec<String>> {
        self.expect_symbol("(")?;
        let mut keys = vec![self.parse_property_key()?];
        while self.eat_symbol(",") {
            keys.push(self.parse_property_key()?);
        }
        self.expect_symbol(")")?;
        Ok(keys)
    }

    /// `(name type [NOT NULL] [COMMENT 'c'], ...)`.
    pub(crate) fn parse_column_defs(&mut self) -> Result<Vec<ColumnDef>> {
        self.expect_symbol("(")?;
        let mut out = vec![self.parse_column_def()?];
        while self.eat_symbol(",") {
            out.push(self.parse_column_def()?);
        }
        self.expect_symbol(")")?;
        Ok(out)
    }

    fn parse_column_def(&mut self) -> Result<ColumnDef> {
        let name = self.parse_any_identifier()?;
        let data_type = self.parse_data_type()?;
        let mut nullable = true;
        let mut comment = None;
        loop {
            if self.eat_keyword("NOT") {
                self.expect_keyword("NULL")?;
                nullable = false;
            } else if self.eat_keyword("COMMENT") {
                comment = Some(self.parse_string_literal()?);
            } else if self.at_keyword("DEFAULT") || self.at_keyword("GENERATED") {
                return Err(SparkError::unsupported(
                    "column DEFAULT values and generated columns",
                ));
            } else {
                break;
            }
        }
        Ok(ColumnDef {
            name,
            data_type,
            nullable,
            comment,
        })
    }

    /// `PARTITION (a = 1, b)`, if present.
    pub(crate) fn parse_optional_partition_spec(
        &mut self,
    ) -> Result<Vec<(String, Option<Literal>)>> {
        if !self.eat_keyword("PARTITION") {
            return Ok(vec![]);
        }
        self.expect_symbol("(")?;
        let mut out = Vec::new();
        loop {
            let name = self.parse_any_identifier()?;
            let value = if self.eat_symbol("=") {
                match self.parse_expr()? {
                    Expr::Literal(l) => Some(l),
                    _ => {
                        return Err(SparkError::unsupported(
                            "a partition value that is not a literal",
                        ));
                    }
                }
            } else {
                None
            };
            out.push((name, value));
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        Ok(out)
    }

    /// The query of `AS query` and its text in `sql`.
    fn parse_query_with_text(&mut self, sql: &str) -> Result<(Plan, String)> {
        let start = self.peek().start;
        let plan = self.parse_query()?;
        let end = if self.at_eof() {
            sql.len()
        } else {
            self.peek().start
        };
        let text = sql
            .get(start..end)
            .unwrap_or_default()
            .trim()
            .trim_end_matches(';')
            .trim_end()
            .to_string();
        Ok((plan, text))
    }

    fn parse_create(&mut self, sql: &str) -> Result<CatalogCommand> {
        let mut replace = false;
        if self.eat_keyword("REPLACE") {
            replace = true;
            if !self.at_keyword("TABLE") {
                return Err(self.error_here());
            }
        } else {
            self.expect_keyword("CREATE")?;
            if self.eat_keyword("OR") {
                self.expect_keyword("REPLACE")?;
                replace = true;
            }
        }
        if self.eat_keyword("DATABASE")
            || self.eat_keyword("SCHEMA")
            || self.eat_keyword("NAMESPACE")
        {
            return self.parse_create_database();
        }
        let global = self.eat_keyword("GLOBAL");
        let temp = self.eat_keyword("TEMPORARY") || self.eat_keyword("TEMP");
        if global && !temp {
            return Err(self.error_here());
        }
        if self.eat_keyword("VIEW") {
            let kind = match (global, temp) {
                (true, _) => ViewKind::GlobalTemp,
                (false, true) => ViewKind::Temp,
                (false, false) => ViewKind::Persistent,
            };
            return self.parse_create_view(sql, kind, replace);
        }
        if temp {
            return Err(SparkError::unsupported("CREATE TEMPORARY TABLE"));
        }
        if self.at_keyword("EXTERNAL") {
            return Err(SparkError::unsupported(
                "CREATE EXTERNAL TABLE (Hive tables); use CREATE TABLE ... USING ... LOCATION",
            ));
        }
        if self.at_keyword("FUNCTION") {
            return Err(SparkError::unsupported("CREATE FUNCTION"));
        }
        self.expect_keyword("TABLE")?;
        let if_not_exists = self.eat_if_not_exists()?;
        let name = self.parse_multipart_name()?;
        if self.eat_keyword("LIKE") {
            return self.parse_create_table_like(name, if_not_exists);
        }
        let columns = if self.at_symbol("(") && !self.peek_at(1).is_keyword("SELECT") {
            self.parse_column_defs()?
        } else {
            vec![]
        };
        let mut table = CreateTable {
            name,
            columns,
            provider: None,
            partition_by: vec![],
            location: None,
            options: BTreeMap::new(),
            properties: BTreeMap::new(),
            comment: None,
            if_not_exists,
            replace,
            query: None,
        };
        if self.eat_keyword("USING") {
            table.provider = Some(self.parse_any_identifier()?);
        }
        loop {
            if self.eat_keyword("PARTITIONED") {
                self.expect_keyword("BY")?;
                table.partition_by = self.parse_partition_columns()?;
            } else if self.eat_keyword("LOCATION") {
                table.location = Some(self.parse_string_literal()?);
            } else if self.eat_keyword("OPTIONS") {
                table.options.extend(self.parse_property_list()?);
            } else if self.eat_keyword("TBLPROPERTIES") {
                table.properties.extend(self.parse_property_list()?);
            } else if self.eat_keyword("COMMENT") {
                table.comment = Some(self.parse_string_literal()?);
            } else if self.at_keyword("CLUSTERED")
                || self.at_keyword("CLUSTER")
                || self.at_keyword("STORED")
                || self.at_keyword("ROW")
                || self.at_keyword("SKEWED")
            {
                let kw = self.peek().text.to_uppercase();
                return Err(SparkError::unsupported(format!("CREATE TABLE ... {kw}")));
            } else {
                break;
            }
        }
        if self.eat_keyword("AS") || self.at_query_start() || self.at_symbol("(") {
            table.query = Some(Box::new(self.parse_query()?));
        }
        Ok(CatalogCommand::CreateTable(table))
    }

    /// `PARTITIONED BY (a, b)`: names (types only in Hive syntax, unsupported).
    fn parse_partition_columns(&mut self) -> Result<Vec<String>> {
        self.expect_symbol("(")?;
        let mut out = Vec::new();
        loop {
            out.push(self.parse_any_identifier()?);
            if !(self.at_symbol(",") || self.at_symbol(")")) {
                return Err(SparkError::unsupported(
                    "PARTITIONED BY with column types or transforms",
                ));
            }
            if !self.eat_symbol(",") {
                break;
            }
        }
        self.expect_symbol(")")?;
        Ok(out)
    }

    fn parse_create_table_like(
        &mut self,
        name: Vec<String>,
        if_not_exists: bool,
    ) -> Result<CatalogCommand> {
        let source = self.parse_multipart_name()?;
        let mut provider = None;
        let mut location = None;
        let mut properties = BTreeMap::new();
        loop {
            if self.eat_keyword("USING") {
                provider = Some(self.parse_any_identifier()?);
            } else if self.eat_keyword("LOCATION") {
                location = Some(self.parse_string_literal()?);
            } else if self.eat_keyword("TBLPROPERTIES") {
                properties.extend(self.parse_property_list()?);
            } else {
                break;
            }
        }
        Ok(CatalogCommand::CreateTableLike {
            name,
            source,
            if_not_exists,
            provider,
            location,
            properties,
        })
    }

    fn parse_create_database(&mut self) -> Result<CatalogCommand> {
        let if_not_exists = self.eat_if_not_exists()?;
        let name = self.parse_multipart_name()?;
        let mut comment = None;
        let mut location = None;
        let mut properties = BTreeMap::new();
        loop {
            if self.eat_keyword("COMMENT") {
                comment = Some(self.parse_string_literal()?);
            } else if self.eat_keyword("LOCATION") {
                location = Some(self.parse_string_literal()?);
            } else if self.eat_keyword("WITH") {
                if !(self.eat_keyword("DBPROPERTIES") || self.eat_keyword("PROPERTIES")) {
                    return Err(self.error_here());
                }
                properties.extend(self.parse_property_list()?);
            } else {
                break;
            }
        }
        Ok(CatalogCommand::CreateDatabase {
            name,
            if_not_exists,
            comment,
            location,
            properties,
        })
    }

    fn parse_create_view(
        &mut self,
        sql: &str,
        kind: ViewKind,
        replace: bool,
    ) -> Result<CatalogCommand> {
        let if_not_exists = self.eat_if_not_exists()?;
        let name = self.parse_multipart_name()?;
        let mut columns = Vec::new();
        if self.eat_symbol("(") {
            loop {
                let col = self.parse_any_identifier()?;
                let comment = if self.eat_keyword("COMMENT") {
                    Some(self.parse_string_literal()?)
                } else {
                    None
                };
                columns.push((col, comment));
                if !self.eat_symbol(",") {
                    break;
                }
            }
            self.expect_symbol(")")?;
        }
        let mut comment = None;
        let mut properties = BTreeMap::new();
        loop {
            if self.eat_keyword("COMMENT") {
                comment = Some(self.parse_string_literal()?);
            } else if self.eat_keyword("TBLPROPERTIES") {
                properties.extend(self.parse_property_list()?);
            } else if self.at_keyword("PARTITIONED") || self.at_keyword("WITH") {
                return Err(SparkError::unsupported("CREATE VIEW with this clause"));
            } else {
                break;
            }
        }
        self.expect_keyword("AS")?;
        let (query, sql_text) = self.parse_query_with_text(sql)?;
        Ok(CatalogCommand::CreateView {
            name,
            kind,
            columns,
            query: Box::new(query),
            sql_text,
            replace,
            if_not_exists,
            comment,
            properties,
        })
    }

    fn parse_drop(&mut self) -> Result<CatalogCommand> {
        if self.eat_keyword("DATABASE")
            || self.eat_keyword("SCHEMA")
            || self.eat_keyword("NAMESPACE")
        {
            let if_exists = self.eat_if_exists()?;
            let name = self.parse_multipart_name()?;
            let cascade = if self.eat_keyword("CASCADE") {
                true
            } else {
                self.eat_keyword("RESTRICT");
                false
            };
            return Ok(CatalogCommand::DropDatabase {
                name,
                if_exists,
                cascade,
            });
        }
        if self.eat_keyword("VIEW") {
            let if_exists = self.eat_if_exists()?;
            let name = self.parse_multipart_name()?;
            return Ok(CatalogCommand::DropView { name, if_exists });
        }
        if self.at_keyword("TEMPORARY") || self.at_keyword("FUNCTION") {
            return Err(SparkError::unsupported("DROP FUNCTION"));
        }
        self.expect_keyword("TABLE")?;
        let if_exists = self.eat_if_exists()?;
        let name = self.parse_multipart_name()?;
        let purge = self.eat_keyword("PURGE");
        Ok(CatalogCommand::DropTable {
            name,
            if_exists,
            purge,
        })
    }

    fn parse_alter(&mut self) -> Result<CatalogCommand> {
        let is_view = if self.eat_keyword("VIEW") {
            true
        } else {
            self.expect_keyword("TABLE")?;
            false
        };
        let table = self.parse_multipart_name()?;
        if self.eat_keyword("RENAME") {
            self.expect_keyword("TO")?;
            let to = self.parse_multipart_name()?;
            return Ok(CatalogCommand::RenameTable {
                from: table,
                to,
                is_view,
            });
        }
        if self.eat_keyword("SET") {
            if !self.eat_keyword("TBLPROPERTIES") {
                return Err(SparkError::unsupported("this ALTER TABLE ... SET clause"));
            }
            let properties = self.parse_property_list()?;
            return Ok(CatalogCommand::SetTblProperties {
                table,
                properties,
                is_view,
            });
        }
        if self.eat_keyword("UNSET") {
            self.expect_keyword("TBLPROPERTIES")?;
            let if_exists = self.eat_if_exists()?;
            let keys = self.parse_property_keys()?;
            return Ok(CatalogCommand::UnsetTblProperties {
                table,
                keys,
                if_exists,
                is_view,
            });
        }
        if !is_view && self.eat_keyword("ADD") {
            if self.eat_keyword("COLUMNS") || self.eat_keyword("COLUMN") {
                let columns = if self.at_symbol("(") {
                    self.parse_column_defs()?
                } else {
                    vec![self.parse_column_def()?]
                };
                return Ok(CatalogCommand::AddColumns { table, columns });
            }
            return Err(SparkError::unsupported("ALTER TABLE ... ADD PARTITION"));
        }
        if is_view && self.at_keyword("AS") {
            return Err(SparkError::unsupported("ALTER VIEW ... AS"));
        }
        Err(SparkError::unsupported("this ALTER TABLE statement"))
    }

    fn parse_insert(&mut self) -> Result<CatalogCommand> {
        let overwrite = if self.eat_keyword("OVERWRITE") {
            true
        } else {
            self.expect_keyword("INTO")?;
            false
        };
        if self.at_keyword("LOCAL") || self.at_keyword("DIRECTORY") {
            return Err(SparkError::unsupported("INSERT OVERWRITE DIRECTORY"));
        }
        self.eat_keyword("TABLE");
        let table = self.parse_multipart_name()?;
        let partition = self.parse_optional_partition_spec()?;
        if self.at_keyword("IF") {
            if !overwrite {
                // Spark's grammar rejects it for INSERT INTO (`INVALID_STATEMENT_OR_CLAUSE`).
                return Err(SparkError::with_class(
                    sabot_common::error::ExceptionKind::Parse,
                    "INVALID_STATEMENT_OR_CLAUSE",
                    "42601",
                    "The statement or clause: INSERT INTO ... IF NOT EXISTS is not valid.",
                )
                .param("operation", "INSERT INTO ... IF NOT EXISTS"));
            }
            return Err(SparkError::unsupported(
                "INSERT OVERWRITE ... IF NOT EXISTS",
            ));
        }
        if !overwrite && self.eat_keyword("REPLACE") {
            // `REPLACE WHERE cond query`, read for its syntax; no session-catalog table supports it.
            self.expect_keyword("WHERE")?;
            self.parse_expr()?;
            self.parse_query()?;
            return Ok(CatalogCommand::InsertReplaceWhere { table });
        }
        let by_name = self.eat_keywords(&["BY", "NAME"]);
        let columns = if !by_name && self.at_symbol("(") && !self.peek_at(1).is_keyword("SELECT") {
            self.parse_identifier_list()?
        } else {
            vec![]
        };
        let query = self.parse_query()?;
        Ok(CatalogCommand::Insert {
            table,
            overwrite,
            partition,
            columns,
            query: Box::new(query),
            by_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use sabot_common::spec::{CatalogCommand, Statement, ViewKind};

    fn cmd(sql: &str) -> CatalogCommand {
        match crate::parse_statement(sql, &Default::default()).unwrap() {
            Statement::Catalog(c) => *c,
            other => panic!("not a catalog statement: {other:?}"),
        }
    }

    #[test]
    fn create_table_clauses() {
        let CatalogCommand::CreateTable(t) = cmd(
            "CREATE TABLE IF NOT EXISTS db.t (a INT COMMENT 'x', p STRING) USING parquet \
             PARTITIONED BY (p) LOCATION '/tmp/x' OPTIONS ('o'='1') TBLPROPERTIES (k = 'v') COMMENT 'c'",
        ) else {
            panic!("not CREATE TABLE")
        };
        assert_eq!(t.name, ["db", "t"]);
        assert!(t.if_not_exists);
        assert_eq!(t.columns[0].comment.as_deref(), Some("x"));
        assert_eq!(t.provider.as_deref(), Some("parquet"));
        assert_eq!(t.partition_by, ["p"]);
        assert_eq!(t.location.as_deref(), Some("/tmp/x"));
        assert_eq!(t.options.get("o").map(String::as_str), Some("1"));
        assert_eq!(t.properties.get("k").map(String::as_str), Some("v"));
        assert_eq!(t.comment.as_deref(), Some("c"));
    }

    #[test]
    fn views_keep_their_text() {
        let CatalogCommand::CreateView {
            kind,
            sql_text,
            replace,
            ..
        } = cmd("CREATE OR REPLACE GLOBAL TEMP VIEW v AS SELECT 1 AS a;")
        else {
            panic!("not CREATE VIEW")
        };
        assert_eq!(kind, ViewKind::GlobalTemp);
        assert!(replace);
        assert_eq!(sql_text, "SELECT 1 AS a");
    }

    #[test]
    fn databases_show_describe_and_alter() {
        assert!(matches!(
            cmd("DROP SCHEMA IF EXISTS d CASCADE"),
            CatalogCommand::DropDatabase {
                if_exists: true,
                cascade: true,
                ..
            }
        ));
        assert!(matches!(
            cmd("SHOW TABLES IN d LIKE 't*'"),
            CatalogCommand::ShowTables {
                database: Some(_),
                pattern: Some(_)
            }
        ));
        assert!(matches!(
            cmd("DESCRIBE TABLE EXTENDED t"),
            CatalogCommand::DescribeTable { extended: true, .. }
        ));
        assert!(matches!(
            cmd("SHOW TABLE EXTENDED IN d LIKE 't*'"),
            CatalogCommand::ShowTableExtended {
                database: Some(_),
                ..
            }
        ));
        assert!(matches!(
            cmd("DESCRIBE EXTENDED t a"),
            CatalogCommand::DescribeColumn { extended: true, .. }
        ));
        assert!(matches!(
            cmd("DESC TABLE t PARTITION (p = 1)"),
            CatalogCommand::DescribePartition {
                extended: false,
                ..
            }
        ));
        assert!(matches!(
            cmd("INSERT INTO t REPLACE WHERE a = 1 SELECT 1"),
            CatalogCommand::InsertReplaceWhere { .. }
        ));
        assert!(matches!(
            cmd("DESC QUERY SELECT 1"),
            CatalogCommand::DescribeQuery { .. }
        ));
        assert!(matches!(
            cmd("ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('a')"),
            CatalogCommand::UnsetTblProperties {
                if_exists: true,
                ..
            }
        ));
        assert!(matches!(cmd("USE SCHEMA d"), CatalogCommand::Use { .. }));
    }
}
