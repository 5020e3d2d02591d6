import Testing
@Test func labCorePlaceholder() {}
