//! A generic aggregate that keeps the input rows of its group (in arrival order) and computes
//! Spark's result from them at the end. Spark's own buffers for these functions (percentile
//! maps, sketches, moment sums) are all functions of the rows in order, so replaying them
//! gives the same result; it also makes sliding window frames (retract the oldest rows) and
//! `DISTINCT` (first occurrence of each row) straightforward.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, ListArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{Result as DfResult, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Expr as DfExpr, Signature, Volatility,
};

use super::kinds::{Kind, finish, udaf_name};

/// The input rows of a group, one `ScalarValue` per argument.
pub(crate) type Rows = [Vec<ScalarValue>];

/// One Spark aggregate over collected rows: which function, its constant parameters (e.g.
/// the percentages of `percentile`) and its result type.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct Collected {
    /// The UDAF name, with the parameters so that calls differing only in them get
    /// different DataFusion column names.
    name: String,
    kind: Kind,
    params: Vec<ScalarValue>,
    ret: DataType,
    nullable: bool,
    signature: Signature,
}

impl Collected {
    pub(crate) fn udaf(
        kind: Kind,
        params: Vec<ScalarValue>,
        ret: DataType,
        nullable: bool,
    ) -> Arc<AggregateUDF> {
        let name = if params.is_empty() {
            udaf_name(kind).to_string()
        } else {
            let p: Vec<String> = params.iter().map(ToString::to_string).collect();
            format!("{}<{}>", udaf_name(kind), p.join(","))
        };
        Arc::new(AggregateUDF::new_from_impl(Self {
            name,
            kind,
            params,
            ret,
            nullable,
            signature: Signature::variadic_any(Volatility::Immutable),
        }))
    }
}

/// Calls a collected aggregate on `args`.
pub(crate) fn call(
    kind: Kind,
    params: Vec<ScalarValue>,
    ret: DataType,
    nullable: bool,
    args: Vec<DfExpr>,
) -> DfExpr {
    Collected::udaf(kind, params, ret, nullable).call(args)
}

impl AggregateUDFImpl for Collected {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> DfResult<DataType> {
        Ok(self.ret.clone())
    }

    fn is_nullable(&self) -> bool {
        self.nullable
    }

    fn state_fields(&self, args: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        Ok(args
            .input_fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Arc::new(Field::new(
                    format!("{}[{i}]", args.name),
                    DataType::List(Arc::new(Field::new_list_field(f.data_type().clone(), true))),
                    true,
                ))
            })
            .collect())
    }

    fn accumulator(&self, acc_args: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        Ok(Box::new(RowsAccumulator {
            kind: self.kind,
            params: self.params.clone(),
            ret: self.ret.clone(),
            types: acc_args
                .expr_fields
                .iter()
                .map(|f| f.data_type().clone())
                .collect(),
            distinct: acc_args.is_distinct,
            rows: VecDeque::new(),
        }))
    }

    fn default_value(&self, data_type: &DataType) -> DfResult<ScalarValue> {
        finish(self.kind, &self.params, data_type, &[])
    }
}

#[derive(Debug)]
struct RowsAccumulator {
    kind: Kind,
    params: Vec<ScalarValue>,
    ret: DataType,
    types: Vec<DataType>,
    distinct: bool,
    rows: VecDeque<Vec<ScalarValue>>,
}

impl RowsAccumulator {
    fn push_columns(&mut self, columns: &[ArrayRef]) -> DfResult<()> {
        let len = columns.first().map_or(0, |c| c.len());
        for i in 0..len {
            let row = columns
                .iter()
                .map(|c| ScalarValue::try_from_array(c, i))
                .collect::<DfResult<Vec<_>>>()?;
            self.rows.push_back(row);
        }
        Ok(())
    }
}

impl Accumulator for RowsAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        self.push_columns(values)
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        let rows: Vec<Vec<ScalarValue>> = if self.distinct {
            let mut seen = HashSet::new();
            self.rows
                .iter()
                .filter(|r| seen.insert((*r).clone()))
                .cloned()
                .collect()
        } else {
            self.rows.iter().cloned().collect()
        };
        finish(self.kind, &self.params, &self.ret, &rows)
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self
                .rows
                .iter()
                .map(|r| r.iter().map(ScalarValue::size).sum::<usize>())
                .sum::<usize>()
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        self.types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let values: Vec<ScalarValue> = self.rows.iter().map(|r| r[i].clone()).collect();
                Ok(ScalarValue::List(ScalarValue::new_list_nullable(
                    &values, t,
                )))
            })
            .collect()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let lists: Vec<&ListArray> = states
            .iter()
            .map(|s| {
                s.as_any().downcast_ref::<ListArray>().ok_or_else(|| {
                    datafusion::common::DataFusionError::Internal(
                        "collected aggregate state is not a list".into(),
                    )
                })
            })
            .collect::<DfResult<_>>()?;
        let groups = lists.first().map_or(0, |l| l.len());
        for g in 0..groups {
            let columns: Vec<ArrayRef> = lists.iter().map(|l| l.value(g)).collect();
            self.push_columns(&columns)?;
        }
        Ok(())
    }

    fn retract_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        // Window frames retract their oldest rows first.
        let n = values.first().map_or(0, |c| c.len());
        for _ in 0..n {
            self.rows.pop_front();
        }
        Ok(())
    }

    fn supports_retract_batch(&self) -> bool {
        true
    }
}

// The plan codec rebuilds a collected aggregate from its kind (by UDAF name), parameters,
// result type and nullability.
impl crate::portable::PortableUdf for Collected {
    const KEY: &'static str = "collected_aggregate";

    fn encode(&self, e: &mut crate::portable::Encoder) -> DfResult<()> {
        e.str(udaf_name(self.kind))
            .str(&self.name)
            .data_type(&self.ret)?
            .bool(self.nullable)
            .int(self.params.len() as i64);
        for p in &self.params {
            e.scalar(p)?;
        }
        Ok(())
    }

    fn decode(d: &mut crate::portable::Decoder) -> DfResult<Self> {
        let kind_name = d.str()?;
        let kind = super::kinds::ALL
            .into_iter()
            .find(|k| udaf_name(*k) == kind_name)
            .ok_or_else(|| {
                datafusion::common::DataFusionError::Internal(format!(
                    "unknown aggregate {kind_name}"
                ))
            })?;
        let name = d.str()?;
        let ret = d.data_type()?;
        let nullable = d.bool()?;
        let n = d.int()?;
        let params = (0..n).map(|_| d.scalar()).collect::<DfResult<Vec<_>>>()?;
        Ok(Self {
            name,
            kind,
            params,
            ret,
            nullable,
            signature: Signature::variadic_any(Volatility::Immutable),
        })
    }
}
