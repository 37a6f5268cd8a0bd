Console.Error.WriteLine("usage: JsonataConformance <suite-dir> | eval '<expr>' [input.json] [--bindings file.json] | bench '<expr>' <input.json> [--iterations N]");
return 2;
