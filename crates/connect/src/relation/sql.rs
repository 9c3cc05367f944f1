//! `Sql`: `spark.sql(query, args)`. Parameters come as literals (`args`, `pos_args`, older
//! clients) or as expressions (`named_arguments`, `pos_arguments`, newer ones).

use sabot_common::spec::{Expr, Plan, Statement};
use sabot_common::{Result, SparkError};
use sabot_sql::Params;
use spark_connect_proto::connect::Sql;

use crate::expression::{expression_to_expr, expressions};
use crate::literal::literal_from_proto;

/// Parses the query; only queries (not commands) make a relation.
pub(super) fn sql(s: &Sql) -> Result<Plan> {
    match sql_statement(s)? {
        Statement::Query(plan) => Ok(plan),
        _ => Err(SparkError::unsupported(
            "a SQL command in a Sql relation (only queries are relations)",
        )),
    }
}

/// Parses the SQL text of a `Sql` relation (or `SqlCommand`) with its parameters.
pub fn sql_statement(s: &Sql) -> Result<Statement> {
    sabot_sql::parse_statement(&s.query, &sql_params(s)?)
}

/// The parameters of a `Sql` relation as spec expressions.
#[allow(deprecated)] // `pos_args` is how older clients send positional parameters.
pub fn sql_params(s: &Sql) -> Result<Params> {
    let mut params = Params::default();
    for (name, lit) in &s.args {
        params
            .named
            .insert(name.clone(), Expr::Literal(literal_from_proto(lit)?));
    }
    for (name, e) in &s.named_arguments {
        params.named.insert(name.clone(), expression_to_expr(e)?);
    }
    params.positional = if s.pos_arguments.is_empty() {
        s.pos_args
            .iter()
            .map(|l| Ok(Expr::Literal(literal_from_proto(l)?)))
            .collect::<Result<_>>()?
    } else {
        expressions(&s.pos_arguments)?
    };
    Ok(params)
}
