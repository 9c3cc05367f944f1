//! `SHOW ...` and `DESCRIBE ...` statements, as Spark's `SqlBaseParser.g4` reads them.

use sabot_common::spec::{CatalogCommand, Statement};
use sabot_common::{Result, SparkError};

use crate::ddl::catalog;
use crate::lexer::TokenKind;
use crate::parser::Parser;

impl Parser<'_> {
    /// A `SHOW` or `DESC[RIBE]` statement (at its first keyword).
    pub(crate) fn parse_show_or_describe(&mut self) -> Result<Statement> {
        if self.eat_keyword("SHOW") {
            return self.parse_show().map(catalog);
        }
        if !(self.eat_keyword("DESCRIBE") || self.eat_keyword("DESC")) {
            return Err(self.error_here());
        }
        self.parse_describe().map(catalog)
    }

    /// `[FROM|IN] name`, if present.
    fn parse_optional_namespace(&mut self) -> Result<Option<Vec<String>>> {
        if self.eat_keyword("FROM") || self.eat_keyword("IN") {
            return Ok(Some(self.parse_multipart_name()?));
        }
        Ok(None)
    }

    /// `[LIKE] 'pattern'`, if present.
    fn parse_optional_pattern(&mut self) -> Result<Option<String>> {
        let like = self.eat_keyword("LIKE");
        if self.peek().kind == TokenKind::String {
            return Ok(Some(self.next_token().text));
        }
        if like {
            return Err(self.error_here());
        }
        Ok(None)
    }

    fn parse_show(&mut self) -> Result<CatalogCommand> {
        if self.eat_keyword("DATABASES")
            || self.eat_keyword("SCHEMAS")
            || self.eat_keyword("NAMESPACES")
        {
            if self.eat_keyword("FROM") || self.eat_keyword("IN") {
                let catalog = self.parse_multipart_name()?;
                if !(catalog.len() == 1 && catalog[0].eq_ignore_ascii_case("spark_catalog")) {
                    return Err(SparkError::unsupported("SHOW DATABASES of another catalog"));
                }
            }
            let pattern = self.parse_optional_pattern()?;
            return Ok(CatalogCommand::ShowDatabases { pattern });
        }
        if self.eat_keyword("TABLES") {
            let database = self.parse_optional_namespace()?;
            let pattern = self.parse_optional_pattern()?;
            return Ok(CatalogCommand::ShowTables { database, pattern });
        }
        if self.eat_keyword("VIEWS") {
            let database = self.parse_optional_namespace()?;
            let pattern = self.parse_optional_pattern()?;
            return Ok(CatalogCommand::ShowViews { database, pattern });
        }
        if self.eat_keyword("COLUMNS") {
            if !(self.eat_keyword("FROM") || self.eat_keyword("IN")) {
                return Err(self.error_here());
            }
            let table = self.parse_multipart_name()?;
            let database = self.parse_optional_namespace()?;
            return Ok(CatalogCommand::ShowColumns { table, database });
        }
        if (self.at_keyword("USER") || self.at_keyword("SYSTEM") || self.at_keyword("ALL"))
            && self.peek_at(1).is_keyword("FUNCTIONS")
            && self.next_token().text.eq_ignore_ascii_case("USER")
        {
            return Err(SparkError::unsupported("SHOW USER FUNCTIONS"));
        }
        if self.eat_keyword("FUNCTIONS") {
            if self.parse_optional_namespace()?.is_some() {
                return Err(SparkError::unsupported("SHOW FUNCTIONS IN a database"));
            }
            let like = self.eat_keyword("LIKE");
            let pattern = match self.peek().kind {
                TokenKind::String => Some(self.next_token().text),
                TokenKind::Word | TokenKind::QuotedIdent => {
                    Some(self.parse_multipart_name()?.join("."))
                }
                _ if like => return Err(self.error_here()),
                _ => None,
            };
            return Ok(CatalogCommand::ShowFunctions { pattern });
        }
        if self.eat_keyword("CREATE") {
            self.expect_keyword("TABLE")?;
            let table = self.parse_multipart_name()?;
            if self.at_keyword("AS") {
                return Err(SparkError::unsupported("SHOW CREATE TABLE ... AS SERDE"));
            }
            return Ok(CatalogCommand::ShowCreateTable { table });
        }
        if self.eat_keyword("TBLPROPERTIES") {
            let table = self.parse_multipart_name()?;
            let key = if self.eat_symbol("(") {
                let key = if self.peek().kind == TokenKind::String {
                    self.next_token().text
                } else {
                    self.parse_multipart_name()?.join(".")
                };
                self.expect_symbol(")")?;
                Some(key)
            } else {
                None
            };
            return Ok(CatalogCommand::ShowTblProperties { table, key });
        }
        if self.eat_keyword("PARTITIONS") {
            let table = self.parse_multipart_name()?;
            if self.at_keyword("PARTITION") {
                return Err(SparkError::unsupported(
                    "SHOW PARTITIONS ... PARTITION (...)",
                ));
            }
            return Ok(CatalogCommand::ShowPartitions { table });
        }
        if self.eat_keyword("TABLE") {
            self.expect_keyword("EXTENDED")?;
            let database = self.parse_optional_namespace()?;
            self.expect_keyword("LIKE")?;
            if self.peek().kind != TokenKind::String {
                return Err(self.error_here());
            }
            let pattern = self.next_token().text;
            let partition = self.parse_optional_partition_spec()?;
            return Ok(CatalogCommand::ShowTableExtended {
                database,
                pattern,
                partition,
            });
        }
        let what = self.peek().raw.clone();
        Err(SparkError::unsupported(format!("SHOW {what}")))
    }

    fn parse_describe(&mut self) -> Result<CatalogCommand> {
        if self.eat_keyword("DATABASE")
            || self.eat_keyword("SCHEMA")
            || self.eat_keyword("NAMESPACE")
        {
            let extended = self.eat_keyword("EXTENDED");
            let name = self.parse_multipart_name()?;
            return Ok(CatalogCommand::DescribeDatabase { name, extended });
        }
        if self.eat_keyword("FUNCTION") {
            let extended = self.eat_keyword("EXTENDED");
            let name = if self.peek().kind == TokenKind::String {
                vec![self.next_token().text]
            } else if self.peek().kind == TokenKind::Word
                || self.peek().kind == TokenKind::QuotedIdent
            {
                self.parse_any_multipart_name()?
            } else {
                // Operators (`DESCRIBE FUNCTION +`) are functions too.
                vec![self.next_token().text]
            };
            return Ok(CatalogCommand::DescribeFunction { name, extended });
        }
        if self.eat_keyword("QUERY") || (self.at_query_start() && !self.at_keyword("TABLE")) {
            let query = self.parse_query()?;
            return Ok(CatalogCommand::DescribeQuery {
                query: Box::new(query),
            });
        }
        self.eat_keyword("TABLE");
        let extended = self.eat_keyword("EXTENDED") || self.eat_keyword("FORMATTED");
        let table = self.parse_multipart_name()?;
        if self.at_keyword("PARTITION") {
            let partition = self.parse_optional_partition_spec()?;
            return Ok(CatalogCommand::DescribePartition {
                table,
                partition,
                extended,
            });
        }
        if self.eat_keywords(&["AS", "JSON"]) {
            if !extended {
                return Err(describe_json_error(
                    "DESCRIBE_JSON_NOT_EXTENDED",
                    "DESCRIBE TABLE ... AS JSON only supported when [EXTENDED|FORMATTED] is \
                     specified.",
                ));
            }
            return Ok(CatalogCommand::DescribeTableJson { table });
        }
        if !self.at_eof() && !self.at_symbol(";") {
            // `describeColName`: a dotted column name.
            let column = self.parse_any_multipart_name()?;
            if self.at_keyword("AS") {
                return Err(describe_json_error(
                    "UNSUPPORTED_FEATURE.DESC_TABLE_COLUMN_JSON",
                    "The feature is not supported: DESC TABLE COLUMN AS JSON not supported for \
                     individual columns.",
                ));
            }
            return Ok(CatalogCommand::DescribeColumn {
                table,
                column,
                extended,
            });
        }
        Ok(CatalogCommand::DescribeTable { table, extended })
    }

    /// A dotted name whose parts may be reserved words (function names such as `if`).
    fn parse_any_multipart_name(&mut self) -> Result<Vec<String>> {
        let mut parts = vec![self.parse_any_identifier()?];
        while self.eat_symbol(".") {
            parts.push(self.parse_any_identifier()?);
        }
        Ok(parts)
    }
}

/// The `ParseException`s of `DESCRIBE ... AS JSON` (Spark's `AstBuilder.visitDescribeRelation`).
fn describe_json_error(class: &str, message: &str) -> SparkError {
    SparkError::with_class(
        sabot_common::error::ExceptionKind::Parse,
        class,
        "0A000",
        message,
    )
}
