import ArgumentParser
import Neighbourhood

/// The indicator inputs `nbhd indicators`, `nbhd report` and `nbhd map` share: the period,
/// the baseline, the definitions file and the population table.
struct IndicatorInputOptions: ParsableArguments {
    @Option(help: "Period reported: a month (2018-07) or range (2018-01..2018-06).")
    var period: String

    @Option(help: "Baseline period to compare with, e.g. 2017-07 (any length; rates are scaled by months with data).")
    var baseline: String?

    @Option(help: "Indicator definitions (JSON).")
    var definitions: String = "geodata/indicators.json"

    @Option(help: "Population table (CSV with an area id column and a population column).")
    var population: String = "geodata/census-2011-lsoa-population.csv"

    @Option(name: .customLong("population-id-column"), help: "Area id column of --population.")
    var populationIDColumn: String = "lsoa11cd"

    @Option(name: .customLong("population-column"), help: "Residents column of --population.")
    var populationColumn: String = "population"

    /// The period, checked by ``validate()``.
    var periodRange: MonthRange { MonthRange(parsing: period)! }
    /// The baseline, if any, checked by ``validate()``.
    var baselineRange: MonthRange? { baseline.flatMap { MonthRange(parsing: $0) } }

    func validate() throws {
        if MonthRange(parsing: period) == nil {
            throw ValidationError("--period '\(period)' is not a month or range like 2018-01..2018-06.")
        }
        if let baseline, MonthRange(parsing: baseline) == nil {
            throw ValidationError("--baseline '\(baseline)' is not a month or range like 2017-01..2017-06.")
        }
    }
}
