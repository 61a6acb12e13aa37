// The bulk of a country profile writes its own JSON (``PrettyJSONWritable``): the rounds, their
// chapters, items and answers. Each writes the members its synthesized `Encodable` conformance
// encodes, in the order of their keys' UTF-8 bytes, an optional one only when present; the
// bytes are compared with `JSONEncoder`'s in `PrettyJSONTests`.

extension ProfileText: PrettyJSONWritable {
    /// A JSON object of language code → text (its `encode(to:)` encodes the dictionary).
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        // Sorted once with their texts: no lookup of each key again.
        for (language, text) in values.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            json.member(language, &first, indent: indent)
            json.value(text)
        }
        json.endObject(first, indent: indent)
    }
}

extension ProfileCode: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("code", &first, indent: indent)
        json.value(code)
        json.member("label", &first, indent: indent)
        try json.value(label, indent: indent + 2)
        json.endObject(first, indent: indent)
    }
}

extension ProfileRound: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("answered", &first, indent: indent)
        json.value(answered)
        json.member("chapters", &first, indent: indent)
        try json.array(chapters, indent: indent + 2)
        json.member("questionnaireVersion", &first, indent: indent)
        json.value(questionnaireVersion)
        json.member("respondents", &first, indent: indent)
        json.array(respondents, indent: indent + 2)
        json.member("round", &first, indent: indent)
        json.value(round)
        json.member("submissions", &first, indent: indent)
        try json.array(submissions, indent: indent + 2)
        json.endObject(first, indent: indent)
    }
}

extension ProfileSubmission: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("file", &first, indent: indent)
        json.value(file)
        json.member("id", &first, indent: indent)
        json.value(id)
        if let line {
            json.member("line", &first, indent: indent)
            json.value(line)
        }
        if let respondent {
            json.member("respondent", &first, indent: indent)
            json.value(respondent)
        }
        json.endObject(first, indent: indent)
    }
}

extension ProfileChapter: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("chapter", &first, indent: indent)
        json.value(chapter)
        json.member("items", &first, indent: indent)
        try json.array(items, indent: indent + 2)
        json.member("title", &first, indent: indent)
        try json.value(title, indent: indent + 2)
        json.endObject(first, indent: indent)
    }
}

extension ProfileItem: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("answers", &first, indent: indent)
        try json.array(answers, indent: indent + 2)
        json.member("options", &first, indent: indent)
        try json.array(options, indent: indent + 2)
        json.member("question", &first, indent: indent)
        json.value(question)
        if let restricted {
            json.member("restricted", &first, indent: indent)
            json.value(restricted)
        }
        json.member("shares", &first, indent: indent)
        try json.array(shares, indent: indent + 2)
        json.member("text", &first, indent: indent)
        try json.value(text, indent: indent + 2)
        json.member("type", &first, indent: indent)
        json.value(type)
        if let unit {
            json.member("unit", &first, indent: indent)
            try json.value(unit, indent: indent + 2)
        }
        json.endObject(first, indent: indent)
    }
}

extension ProfileAnswer: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        if let corrected {
            json.member("corrected", &first, indent: indent)
            try json.value(corrected, indent: indent + 2)
        }
        if let number {
            json.member("number", &first, indent: indent)
            try json.value(number)
        }
        json.member("options", &first, indent: indent)
        json.array(options, indent: indent + 2)
        if let respondent {
            json.member("respondent", &first, indent: indent)
            json.value(respondent)
        }
        if let text {
            json.member("text", &first, indent: indent)
            json.value(text)
        }
        json.endObject(first, indent: indent)
    }
}

extension ProfileCorrection: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        for (key, value) in [("analyst", analyst), ("date", date), ("original", original), ("place", place), ("reason", reason), ("source", source)] {
            json.member(key, &first, indent: indent)
            json.value(value)
        }
        json.endObject(first, indent: indent)
    }
}

extension ProfileOptionShare: PrettyJSONWritable {
    public func writeJSON(to json: inout PrettyJSON.Writer, indent: Int) throws {
        var first = true
        json.beginObject()
        json.member("n", &first, indent: indent)
        json.value(n)
        json.member("of", &first, indent: indent)
        json.value(of)
        json.member("option", &first, indent: indent)
        json.value(option)
        json.endObject(first, indent: indent)
    }
}

extension CountryProfile {
    /// How many questions and answers the profile lists (every round's items and every
    /// respondent's answer to each, and the technical-assistance items): what its files' sizes
    /// go with, for the room made for them before they are written.
    public var listedAnswers: Int {
        var count = 0
        for round in rounds {
            for chapter in round.chapters { for item in chapter.items { count += 1 + item.answers.count } }
        }
        for item in technicalAssistance { count += 1 + item.answers.count }
        return count
    }
}
