enum LabCorePlaceholder {}
