//! `${var}` substitution of `spark.sql(...)` text with the session's configuration (Spark's
//! `VariableSubstitution`, applied before parsing when `spark.sql.variable.substitute` is on).
//! The SQL command's relation carries the substituted text, so the query the client gets back
//! and runs later is the substituted one.

use sabot_common::Result;
use spark_connect_proto::connect::{Relation, relation};

use crate::session::Session;

const ENABLED_KEY: &str = "spark.sql.variable.substitute";

/// `relation` with the text of a `Sql` relation substituted.
pub fn substitute_sql(session: &Session, mut relation: Relation) -> Result<Relation> {
    let enabled = session
        .conf_get(ENABLED_KEY)?
        .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false"));
    if !enabled {
        return Ok(relation);
    }
    if let Some(relation::RelType::Sql(sql)) = &mut relation.rel_type
        && sql.query.contains("${")
    {
        let lookup = |key: &str| session.conf_get(key).ok().flatten();
        sql.query = sabot_sql::substitute_variables(&sql.query, &lookup);
    }
    Ok(relation)
}
