/// Inline SVG charts: no script, no external resource. Every chart has a `<title>` and
/// `<desc>` (read by screen readers through `role="img"`), axis labels, and each mark a class
/// and a `<title>` tooltip, so a test can count the marks and a reader can hover them.
enum SVGChart {
    static let width = 760.0
    static let height = 280.0
    static let left = 64.0
    static let right = 175.0
    static let top = 20.0
    static let bottom = 56.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }
    /// Series colours (colour-blind-safe Okabe–Ito), also distinguished by the legend's text.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]

    /// A point series of a line chart.
    struct Series {
        var name: String
        var points: [(x: Int, value: Double)]
        var dashed = false
        var colour: String
    }

    /// Lines with a marker per point over categorical x labels (hours); each marker has class `markClass`.
    static func lines(
        id: String, title: String, description: String, xLabels: [String], xAxis: String, yAxis: String, series: [Series], markClass: String
    )
        -> String
    {
        let maximum = niceMaximum(series.flatMap { $0.points.map(\.value) }.max() ?? 0)
        let step = plotWidth / Double(max(xLabels.count, 1))
        func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - value / maximum) }
        var body = ""
        for (index, line) in series.enumerated() where !line.points.isEmpty {
            let path = line.points.map { "\(format(x($0.x))),\(format(y($0.value)))" }.joined(separator: " ")
            body +=
                "<polyline fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(path)\"/>"
            for point in line.points {
                body +=
                    "<circle class=\"\(markClass)\" data-series=\"\(escape(line.name))\" cx=\"\(format(x(point.x)))\" cy=\"\(format(y(point.value)))\" r=\"3.5\" fill=\"\(line.colour)\"><title>\(escape(line.name)), \(escape(xLabels[point.x])): \(format(point.value)) \(escape(yAxis))</title></circle>"
            }
            body += legend(index: index, name: line.name, colour: line.colour, dashed: line.dashed)
        }
        return frame(
            id: id, title: title, description: description, maximum: maximum, xLabels: xLabels, xAxis: xAxis, yAxis: yAxis, body: body)
    }

    /// One bar per label, optionally with a highlighted part (failures) drawn over its base.
    static func bars(
        id: String, title: String, description: String, labels: [String], values: [Double], highlighted: [Double]? = nil,
        highlightName: String = "",
        xAxis: String, yAxis: String, markClass: String, colour: String = palette[0]
    ) -> String {
        let maximum = niceMaximum(values.max() ?? 0)
        let step = plotWidth / Double(max(labels.count, 1))
        let barWidth = min(step * 0.7, 60)
        var body = ""
        for (index, value) in values.enumerated() {
            let x = left + step * (Double(index) + 0.5) - barWidth / 2
            let barHeight = plotHeight * value / maximum
            body +=
                "<rect class=\"\(markClass)\" x=\"\(format(x))\" y=\"\(format(top + plotHeight - barHeight))\" width=\"\(format(barWidth))\" height=\"\(format(barHeight))\" fill=\"\(colour)\"><title>\(escape(labels[index])): \(format(value)) \(escape(yAxis))</title></rect>"
            if let highlighted, highlighted[index] > 0 {
                let part = plotHeight * highlighted[index] / maximum
                body +=
                    "<rect class=\"\(markClass)-highlight\" x=\"\(format(x))\" y=\"\(format(top + plotHeight - part))\" width=\"\(format(barWidth))\" height=\"\(format(part))\" fill=\"\(palette[5])\"><title>\(escape(labels[index])): \(format(highlighted[index])) \(escape(highlightName))</title></rect>"
            }
        }
        body += legend(index: 0, name: yAxis, colour: colour, dashed: false)
        if highlighted != nil { body += legend(index: 1, name: highlightName, colour: palette[5], dashed: false) }
        return frame(
            id: id, title: title, description: description, maximum: maximum, xLabels: labels, xAxis: xAxis, yAxis: yAxis, body: body)
    }

    // MARK: - Frame, axes, legend

    static func frame(
        id: String, title: String, description: String, maximum: Double, xLabels: [String], xAxis: String, yAxis: String, body: String
    )
        -> String
    {
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" viewBox=\"0 0 \(format(width)) \(format(height))\" width=\"\(format(width))\" height=\"\(format(height))\">"
        svg += "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
        svg +=
            "<line x1=\"\(format(left))\" y1=\"\(format(top + plotHeight))\" x2=\"\(format(left + plotWidth))\" y2=\"\(format(top + plotHeight))\" stroke=\"#333\"/>"
        svg +=
            "<line x1=\"\(format(left))\" y1=\"\(format(top))\" x2=\"\(format(left))\" y2=\"\(format(top + plotHeight))\" stroke=\"#333\"/>"
        for tick in 0...4 {
            let value = maximum * Double(tick) / 4
            let y = top + plotHeight * (1 - Double(tick) / 4)
            svg +=
                "<line x1=\"\(format(left - 4))\" y1=\"\(format(y))\" x2=\"\(format(left + plotWidth))\" y2=\"\(format(y))\" stroke=\"#ddd\"/><text x=\"\(format(left - 8))\" y=\"\(format(y + 4))\" text-anchor=\"end\" font-size=\"11\">\(format(value))</text>"
        }
        let step = plotWidth / Double(max(xLabels.count, 1))
        // Thin the x labels so they never overlap (about 90 px each).
        let every = max(1, Int((90 / step).rounded(.up)))
        for (index, label) in xLabels.enumerated() where index % every == 0 {
            svg +=
                "<text x=\"\(format(left + step * (Double(index) + 0.5)))\" y=\"\(format(top + plotHeight + 16))\" text-anchor=\"middle\" font-size=\"11\">\(escape(label))</text>"
        }
        svg +=
            "<text class=\"axis-label\" x=\"\(format(left + plotWidth / 2))\" y=\"\(format(height - 10))\" text-anchor=\"middle\" font-size=\"12\">\(escape(xAxis))</text>"
        svg +=
            "<text class=\"axis-label\" transform=\"translate(14 \(format(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(escape(yAxis))</text>"
        return svg + body + "</svg>"
    }

    static func legend(index: Int, name: String, colour: String, dashed: Bool) -> String {
        let x = left + plotWidth + 14
        let y = top + 8 + Double(index) * 18
        return
            "<line x1=\"\(format(x))\" y1=\"\(format(y))\" x2=\"\(format(x + 20))\" y2=\"\(format(y))\" stroke=\"\(colour)\" stroke-width=\"3\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/><text x=\"\(format(x + 26))\" y=\"\(format(y + 4))\" font-size=\"11\">\(escape(name))</text>"
    }

    /// The smallest 1, 2 or 5 × 10ⁿ at or above `value` (1 for nothing to draw).
    static func niceMaximum(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    /// Up to two decimals, no trailing zeros: stable text for the page and its tests.
    static func format(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int64(hundredths / 100)) }
        let whole = Int64(hundredths) / 100
        let fraction = abs(Int64(hundredths) % 100)
        let sign = value < 0 && whole == 0 ? "-" : ""
        return fraction % 10 == 0 ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Text safe inside HTML/SVG elements and attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
