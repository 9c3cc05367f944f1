//! [`RangeExchangeExec`]: Spark's `ShuffleExchangeExec` with `RangePartitioning` (for
//! `repartitionByRange` and the `REPARTITION_BY_RANGE` hint). It reads its whole input (Spark
//! runs a sampling job over it first), computes the range bounds from the keys
//! ([`super::bounds`]), and deals each row to its range: output partition `i` holds the rows of
//! range `i` in input order (a reducer reads the map outputs in map order).
//!
//! In tagged mode it instead yields one stream of its input rows, in input order, with the
//! range number appended as an `INT` column: what `crate::partition` needs to number the
//! partitions for `spark_partition_id()` and `monotonically_increasing_id()`.
//!
//! Codec note: the state is plain: the input, the sort keys (`PhysicalSortExpr`s), the
//! partition count and whether it is tagged (the tag column's name is the last field of the
//! schema). The run state is made afresh by [`RangeExchangeExec::try_new`].

use std::fmt;
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{ArrayRef, Int32Array, RecordBatch, UInt32Array};
use datafusion::arrow::compute::take_record_batch;
use datafusion::arrow::datatypes::{DataType as ArrowType, Field, Schema, SchemaRef};
use datafusion::arrow::row::{Row, RowConverter, Rows, SortField};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult, exec_err, internal_err};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{
    EquivalenceProperties, Partitioning, PhysicalExpr, PhysicalSortExpr,
};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties};
use futures::TryStreamExt;

use super::bounds::{determine_bounds, partition_of, reservoir, sample_capacity};
use crate::exchange::shared_run::{SharedRun, take_part};

/// The rows of one run, dealt to their ranges (each partition takes its own).
struct Dealt {
    /// Untagged: the rows of each range. Tagged: every row, in input order, tagged.
    buckets: Mutex<Vec<Option<Vec<RecordBatch>>>>,
    /// The rows' memory, held until the run's state is dropped with the plan.
    _reservation: MemoryReservation,
}

#[derive(Debug)]
pub struct RangeExchangeExec {
    input: Arc<dyn ExecutionPlan>,
    order: Vec<PhysicalSortExpr>,
    partitions: usize,
    tagged: bool,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
    run: SharedRun<Dealt>,
}

impl fmt::Debug for Dealt {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("Dealt")
    }
}

impl RangeExchangeExec {
    /// `tag`: the name of the range column to append (tagged mode), or none (`partitions`
    /// output partitions).
    pub fn try_new(
        input: Arc<dyn ExecutionPlan>,
        order: Vec<PhysicalSortExpr>,
        partitions: usize,
        tag: Option<&str>,
    ) -> DfResult<Self> {
        if partitions == 0 || order.is_empty() {
            return internal_err!("RangeExchangeExec needs partitions and keys");
        }
        let input_schema = input.schema();
        let schema = match tag {
            Some(name) => {
                let mut fields: Vec<Arc<Field>> = input_schema.fields().iter().cloned().collect();
                fields.push(Arc::new(Field::new(name, ArrowType::Int32, false)));
                Arc::new(Schema::new_with_metadata(
                    fields,
                    input_schema.metadata().clone(),
                ))
            }
            None => input_schema,
        };
        let outputs = if tag.is_some() { 1 } else { partitions };
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(outputs),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        Ok(Self {
            input,
            order,
            partitions,
            tagged: tag.is_some(),
            schema,
            properties,
            run: SharedRun::default(),
        })
    }

    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        &self.input
    }

    pub fn order(&self) -> &[PhysicalSortExpr] {
        &self.order
    }

    pub fn partitions(&self) -> usize {
        self.partitions
    }

    /// The appended range column's name in tagged mode.
    pub fn tag(&self) -> Option<&str> {
        self.tagged
            .then(|| self.schema.fields().last().map(|f| f.name().as_str()))
            .flatten()
    }

    /// Reads the input, computes the bounds and deals the rows (once per run).
    async fn deal(&self, context: Arc<TaskContext>) -> DfResult<Dealt> {
        let reservation = MemoryConsumer::new("RangeExchangeExec").register(context.memory_pool());
        let inputs = self.input.properties().partitioning.partition_count();
        let streams = (0..inputs)
            .map(|p| self.input.execute(p, Arc::clone(&context)))
            .collect::<DfResult<Vec<_>>>()?;
        // Read concurrently, kept in partition order.
        let per_partition =
            futures::future::try_join_all(streams.into_iter().map(|s| s.try_collect::<Vec<_>>()))
                .await?;
        let batches: Vec<RecordBatch> = per_partition
            .into_iter()
            .flatten()
            .filter(|b| b.num_rows() > 0)
            .collect();
        for b in &batches {
            reservation.try_grow(b.get_array_memory_size())?;
        }
        let converter = RowConverter::new(
            self.order
                .iter()
                .map(|o| {
                    Ok(SortField::new_with_options(
                        o.expr.data_type(&self.input.schema())?,
                        o.options,
                    ))
                })
                .collect::<DfResult<Vec<_>>>()?,
        )?;
        let keys = batches
            .iter()
            .map(|b| {
                let columns = self
                    .order
                    .iter()
                    .map(|o| o.expr.evaluate(b)?.into_array(b.num_rows()))
                    .collect::<DfResult<Vec<ArrayRef>>>()?;
                Ok(converter.convert_columns(&columns)?)
            })
            .collect::<DfResult<Vec<Rows>>>()?;
        for k in &keys {
            reservation.try_grow(k.size())?;
        }
        let bounds = {
            let all: Vec<Row<'_>> = keys.iter().flat_map(|k| k.iter()).collect();
            let mut sample: Vec<Row<'_>> = reservoir(all.len(), sample_capacity(self.partitions))
                .into_iter()
                .map(|i| all[i])
                .collect();
            sample.sort_unstable();
            determine_bounds(&sample, self.partitions)
        };
        let mut buckets: Vec<Vec<RecordBatch>> = vec![Vec::new(); self.partitions];
        let mut tagged = Vec::new();
        for (batch, keys) in batches.iter().zip(&keys) {
            let ranges: Vec<usize> = keys.iter().map(|k| partition_of(&bounds, k)).collect();
            if self.tagged {
                let tag: Int32Array = ranges.iter().map(|r| *r as i32).collect();
                let mut columns = batch.columns().to_vec();
                columns.push(Arc::new(tag));
                tagged.push(RecordBatch::try_new(Arc::clone(&self.schema), columns)?);
                continue;
            }
            let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.partitions];
            for (i, r) in ranges.iter().enumerate() {
                if let Some(bucket) = rows.get_mut(*r) {
                    bucket.push(i as u32);
                }
            }
            for (bucket, rows) in buckets.iter_mut().zip(rows) {
                if rows.is_empty() {
                    continue;
                }
                bucket.push(take_record_batch(batch, &UInt32Array::from(rows))?);
            }
        }
        let buckets = if self.tagged {
            vec![Some(tagged)]
        } else {
            buckets.into_iter().map(Some).collect()
        };
        Ok(Dealt {
            buckets: Mutex::new(buckets),
            _reservation: reservation,
        })
    }
}

impl DisplayAs for RangeExchangeExec {
    fn fmt_as(&self, _: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        // Spark's form: `k ASC NULLS FIRST`.
        let keys: Vec<String> = self
            .order
            .iter()
            .map(|o| {
                let direction = if o.options.descending { "DESC" } else { "ASC" };
                let nulls = if o.options.nulls_first {
                    "FIRST"
                } else {
                    "LAST"
                };
                format!("{} {direction} NULLS {nulls}", o.expr)
            })
            .collect();
        write!(
            f,
            "RangeExchangeExec: partitioning=Range([{}], {})",
            keys.join(", "),
            self.partitions
        )?;
        if let Some(tag) = self.tag() {
            write!(f, ", tag={tag}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for RangeExchangeExec {
    fn name(&self) -> &str {
        "RangeExchangeExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![false]
    }

    /// The exchange sets the parallelism itself.
    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn apply_expressions(
        &self,
        f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        for o in &self.order {
            if f(&o.expr)? == TreeNodeRecursion::Stop {
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let (Some(input), true) = (children.pop(), children.is_empty()) else {
            return internal_err!("RangeExchangeExec has one input");
        };
        Ok(Arc::new(Self::try_new(
            input,
            self.order.clone(),
            self.partitions,
            self.tag(),
        )?))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let outputs = self.properties.partitioning.partition_count();
        if partition >= outputs {
            return exec_err!("RangeExchangeExec has {outputs} partitions, not {partition}");
        }
        let this = Self {
            input: Arc::clone(&self.input),
            order: self.order.clone(),
            partitions: self.partitions,
            tagged: self.tagged,
            schema: Arc::clone(&self.schema),
            properties: Arc::clone(&self.properties),
            run: self.run.clone(),
        };
        let stream = futures::stream::once(async move {
            let run = this.run.clone();
            let dealt = run.get(|| this.deal(context)).await?;
            let mine = take_part(&dealt.buckets, partition)?;
            Ok::<_, DataFusionError>(futures::stream::iter(
                mine.unwrap_or_default().into_iter().map(Ok),
            ))
        })
        .try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}

mod portable;
