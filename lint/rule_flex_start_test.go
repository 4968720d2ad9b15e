package lint

import (
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/aiplatform/apiv1/aiplatformpb"
	"go.yaml.in/yaml/v3"
)

// TestFlexStartGPUsAgreeWithCatalog holds flex-start's list of GPUs to the
// Flex-start page and the machine catalog to the list: every NVIDIA
// accelerator of the API is on the list exactly when its family is one
// the page names, every GPU on the list comes on a machine type of the
// catalog, and a catalog row cites the page (V-FLEX) only for such a GPU.
func TestFlexStartGPUsAgreeWithCatalog(t *testing.T) {
	t.Parallel()
	pageFamilies := []string{"L4", "A100", "H100", "H200", "B200"} // "requests L4, A100, H100, H200, or B200 GPUs"
	family := func(accelerator string) string {
		f := strings.TrimPrefix(strings.TrimPrefix(accelerator, "NVIDIA_"), "TESLA_")
		f, _, _ = strings.Cut(f, "_")
		return f // NVIDIA_H100_MEGA_80GB is an H100; NVIDIA_GB200 a GB200
	}
	for _, name := range aiplatformpb.AcceleratorType_name {
		if !strings.HasPrefix(name, "NVIDIA_") {
			continue
		}
		if want, got := slices.Contains(pageFamilies, family(name)), slices.Contains(flexStartGPUs, name); got != want {
			t.Errorf("%s (the %s family) on flex-start's list: %v, want %v", name, family(name), got, want)
		}
	}

	var f catalogFile
	if err := yaml.Unmarshal(machinesYAML, &f); err != nil {
		t.Fatal(err)
	}
	carried := map[string]bool{}
	for _, row := range f.GPUMachines {
		carried[row.Accelerator] = true
		if slices.Contains(row.Sources, "V-FLEX") && !slices.Contains(flexStartGPUs, row.Accelerator) {
			t.Errorf("%v cites V-FLEX, but the Flex-start page does not name %s", row.Types, row.Accelerator)
		}
	}
	for _, gpu := range flexStartGPUs {
		if !carried[gpu] {
			t.Errorf("no machine type of the catalog carries %s, which flex-start lists", gpu)
		}
	}
}
