//! `CACHE [LAZY] TABLE`, `UNCACHE TABLE [IF EXISTS]` and `CLEAR CACHE` (Spark's
//! `SparkSqlAstBuilder.visitCacheTable`/`visitUncacheTable`/`visitClearCache`).

use sabot_common::Result;
use sabot_common::spec::{CacheCommand, Statement};

use crate::parser::Parser;

impl Parser<'_> {
    /// At `CACHE`, `UNCACHE` or `CLEAR CACHE`.
    pub(crate) fn parse_cache_statement(&mut self) -> Result<Statement> {
        let cmd = if self.eat_keyword("CLEAR") {
            self.expect_keyword("CACHE")?;
            CacheCommand::ClearCache
        } else if self.eat_keyword("UNCACHE") {
            self.expect_keyword("TABLE")?;
            let if_exists = self.eat_keyword("IF");
            if if_exists {
                self.expect_keyword("EXISTS")?;
            }
            CacheCommand::UncacheTable {
                name: self.parse_multipart_name()?,
                if_exists,
            }
        } else {
            self.expect_keyword("CACHE")?;
            let lazy = self.eat_keyword("LAZY");
            self.expect_keyword("TABLE")?;
            let name = self.parse_multipart_name()?;
            let options = if self.eat_keyword("OPTIONS") {
                self.parse_property_list()?
            } else {
                Default::default()
            };
            let query = if self.eat_keyword("AS") || !self.at_eof() {
                Some(Box::new(self.parse_query()?))
            } else {
                None
            };
            CacheCommand::CacheTable {
                name,
                lazy,
                options,
                query,
            }
        };
        Ok(Statement::Cache(cmd))
    }
}

#[cfg(test)]
mod tests {
    use sabot_common::spec::{CacheCommand, Statement};

    use crate::{Params, parse_statement};

    fn cache(sql: &str) -> CacheCommand {
        match parse_statement(sql, &Params::default()) {
            Ok(Statement::Cache(c)) => c,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn cache_statements() {
        assert_eq!(cache("CLEAR CACHE"), CacheCommand::ClearCache);
        assert_eq!(
            cache("UNCACHE TABLE IF EXISTS db.t"),
            CacheCommand::UncacheTable {
                name: vec!["db".into(), "t".into()],
                if_exists: true
            }
        );
        match cache("CACHE LAZY TABLE t OPTIONS ('storageLevel' 'DISK_ONLY') AS SELECT 1") {
            CacheCommand::CacheTable {
                name,
                lazy,
                options,
                query,
            } => {
                assert_eq!(name, vec!["t".to_string()]);
                assert!(lazy && query.is_some());
                assert_eq!(
                    options.get("storageLevel").map(String::as_str),
                    Some("DISK_ONLY")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            cache("CACHE TABLE t"),
            CacheCommand::CacheTable {
                query: None,
                lazy: false,
                ..
            }
        ));
    }
}
