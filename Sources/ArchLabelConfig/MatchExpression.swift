/// One condition of a rule, in the nodeAffinity form users already write:
/// `{key: hardware, operator: In, values: [rpi3, rpi4]}`. `key` is a built-in label name
/// (without prefix).
public struct MatchExpression: Sendable, Equatable, CustomStringConvertible {
    /// The nodeAffinity operators.
    public enum Operator: String, Sendable, CaseIterable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
        case greaterThan = "Gt"
        case lessThan = "Lt"
    }

    /// The built-in label name the expression tests.
    public var key: String
    /// The operator.
    public var `operator`: Operator
    /// The values: one or more for In/NotIn, none for Exists/DoesNotExist, one integer for Gt/Lt.
    public var values: [String]

    /// Creates an expression; `MatchExpression.validate` says whether it is well-formed.
    public init(key: String, operator: Operator, values: [String]) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    /// Why the expression is malformed, or nil: the value count each operator needs, and integer
    /// values for Gt and Lt (as Kubernetes requires).
    public var problem: String? {
        switch self.operator {
        case .in, .notIn:
            return values.isEmpty ? "\(self.operator.rawValue) needs at least one value" : nil
        case .exists, .doesNotExist:
            return values.isEmpty ? nil : "\(self.operator.rawValue) takes no values"
        case .greaterThan, .lessThan:
            guard values.count == 1 else { return "\(self.operator.rawValue) needs exactly one value" }
            return Int(values[0]) == nil ? "\(self.operator.rawValue) needs an integer value, not \"\(values[0])\"" : nil
        }
    }

    /// Whether the expression holds for a label whose value is `value` (nil when the label is
    /// absent). Gt and Lt on a value that is not an integer do not hold, and say so: the
    /// returned reason is nil when the answer needs no explanation.
    public func evaluate(_ value: String?) -> (holds: Bool, reason: String?) {
        switch self.operator {
        case .in: return (value.map(values.contains) ?? false, nil)
        case .notIn: return (!(value.map(values.contains) ?? false), nil)
        case .exists: return (value != nil, nil)
        case .doesNotExist: return (value == nil, nil)
        case .greaterThan, .lessThan:
            guard let value else { return (false, nil) }
            guard let number = Int(value), let bound = values.first.flatMap({ Int($0) }) else {
                return (false, "\(key)=\(value) is not an integer, so \(self.operator.rawValue) does not hold")
            }
            return (self.operator == .greaterThan ? number > bound : number < bound, nil)
        }
    }

    public var description: String {
        values.isEmpty ? "\(key) \(self.operator.rawValue)" : "\(key) \(self.operator.rawValue) [\(values.joined(separator: ", "))]"
    }
}
