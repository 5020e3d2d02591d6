enum LabRuntimePlaceholder {}
