import Testing
@Test func labRuntimePlaceholder() {}
