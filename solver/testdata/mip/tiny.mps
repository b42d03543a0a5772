NAME rotaplan
ROWS
 N obj
 L a_0
 L a_1
 L a_2
 L a_8
 L a_9
 G dr_0_0
 G dr_0_1
 G dr_0_2
 G dr_0_5
 G dr_0_6
 G dr_0_14
 G dr_0_15
 G dr_1_0
 G dr_1_1
 G dr_1_4
 G dr_1_9
 G dr_2_0
 G dr_2_1
 G dr_2_2
 G dr_2_5
 G dr_2_6
 G dr_2_9
 G dr_2_14
 G dr_2_15
 G dr_3_0
 G dr_3_1
 G dr_3_2
 G dr_3_4
 G dr_3_9
 G dr_3_14
 G dr_3_15
 G quota
 G bbz
 G bb
 L out_0
 L out_1
 L in_2
 L in_3
COLUMNS
 MARKER 'MARKER' 'INTORG'
 x_0_0 obj 22.763307709414192
 x_0_0 a_0 1
 x_0_0 dr_0_0 -1
 x_0_0 dr_0_2 -1
 x_0_0 dr_0_14 -1
 x_0_0 dr_2_0 1
 x_0_0 dr_2_2 1
 x_0_0 dr_2_14 1
 x_0_0 quota 1
 x_0_0 bbz -1
 x_0_0 out_0 1
 x_0_0 in_2 1
 x_0_1 obj 24.678790673260604
 x_0_1 a_0 1
 x_0_1 dr_0_0 -1
 x_0_1 dr_0_2 -1
 x_0_1 dr_0_14 -1
 x_0_1 dr_3_0 1
 x_0_1 dr_3_2 1
 x_0_1 dr_3_14 1
 x_0_1 quota 1
 x_0_1 bbz -1
 x_0_1 out_0 1
 x_0_1 in_3 1
 x_1_0 obj 42.76330770941419
 x_1_0 a_1 1
 x_1_0 dr_0_0 -1
 x_1_0 dr_0_1 -1
 x_1_0 dr_0_5 -1
 x_1_0 dr_2_0 1
 x_1_0 dr_2_1 1
 x_1_0 dr_2_5 1
 x_1_0 quota 1
 x_1_0 bbz -1
 x_1_0 bb 1
 x_1_0 out_0 1
 x_1_0 in_2 1
 x_1_1 obj 44.67879067326061
 x_1_1 a_1 1
 x_1_1 dr_0_0 -1
 x_1_1 dr_0_1 -1
 x_1_1 dr_0_5 -1
 x_1_1 dr_3_0 1
 x_1_1 dr_3_1 1
 x_1_1 quota 1
 x_1_1 bbz -1
 x_1_1 bb 1
 x_1_1 out_0 1
 x_1_1 in_3 1
 x_2_0 obj 72.76330770941419
 x_2_0 a_2 1
 x_2_0 dr_0_0 -1
 x_2_0 dr_0_2 -1
 x_2_0 dr_0_15 -1
 x_2_0 dr_2_0 1
 x_2_0 dr_2_2 1
 x_2_0 dr_2_15 1
 x_2_0 quota 1
 x_2_0 bbz -1
 x_2_0 out_0 1
 x_2_0 in_2 1
 x_2_1 obj 74.67879067326061
 x_2_1 a_2 1
 x_2_1 dr_0_0 -1
 x_2_1 dr_0_2 -1
 x_2_1 dr_0_15 -1
 x_2_1 dr_3_0 1
 x_2_1 dr_3_2 1
 x_2_1 dr_3_15 1
 x_2_1 quota 1
 x_2_1 bbz -1
 x_2_1 out_0 1
 x_2_1 in_3 1
 x_3_0 obj 22.763307709414192
 x_3_0 dr_0_0 -1
 x_3_0 dr_0_6 -1
 x_3_0 dr_2_0 1
 x_3_0 dr_2_6 1
 x_3_0 quota 1
 x_3_0 bbz -1
 x_3_0 out_0 1
 x_3_0 in_2 1
 x_8_0 obj 37.00544231102735
 x_8_0 a_8 1
 x_8_0 dr_1_0 -1
 x_8_0 dr_1_1 -1
 x_8_0 dr_1_9 -1
 x_8_0 dr_2_0 1
 x_8_0 dr_2_1 1
 x_8_0 dr_2_9 1
 x_8_0 quota 1
 x_8_0 bbz -1
 x_8_0 bb 1
 x_8_0 out_1 1
 x_8_0 in_2 1
 x_8_1 obj 42.18101948061234
 x_8_1 a_8 1
 x_8_1 dr_1_0 -1
 x_8_1 dr_1_1 -1
 x_8_1 dr_1_9 -1
 x_8_1 dr_3_0 1
 x_8_1 dr_3_1 1
 x_8_1 dr_3_9 1
 x_8_1 quota 1
 x_8_1 bbz -1
 x_8_1 bb 1
 x_8_1 out_1 1
 x_8_1 in_3 1
 x_9_0 obj 37.00544231102735
 x_9_0 a_9 1
 x_9_0 dr_1_4 -1
 x_9_0 quota 1
 x_9_0 bbz -1
 x_9_0 out_1 1
 x_9_0 in_2 1
 x_9_1 obj 42.18101948061234
 x_9_1 a_9 1
 x_9_1 dr_1_4 -1
 x_9_1 dr_3_4 1
 x_9_1 quota 1
 x_9_1 bbz -1
 x_9_1 out_1 1
 x_9_1 in_3 1
 MARKER 'MARKER' 'INTEND'
 d_0_0 obj 100
 d_0_0 dr_0_0 1
 d_0_1 obj 100
 d_0_1 dr_0_1 1
 d_0_2 obj 100
 d_0_2 dr_0_2 1
 d_0_5 obj 100
 d_0_5 dr_0_5 1
 d_0_6 obj 100
 d_0_6 dr_0_6 1
 d_0_14 obj 100
 d_0_14 dr_0_14 1
 d_0_15 obj 100
 d_0_15 dr_0_15 1
 d_1_0 obj 100
 d_1_0 dr_1_0 1
 d_1_1 obj 100
 d_1_1 dr_1_1 1
 d_1_4 obj 100
 d_1_4 dr_1_4 1
 d_1_9 obj 100
 d_1_9 dr_1_9 1
 d_2_0 obj 100
 d_2_0 dr_2_0 1
 d_2_1 obj 100
 d_2_1 dr_2_1 1
 d_2_2 obj 100
 d_2_2 dr_2_2 1
 d_2_5 obj 100
 d_2_5 dr_2_5 1
 d_2_6 obj 100
 d_2_6 dr_2_6 1
 d_2_9 obj 100
 d_2_9 dr_2_9 1
 d_2_14 obj 100
 d_2_14 dr_2_14 1
 d_2_15 obj 100
 d_2_15 dr_2_15 1
 d_3_0 obj 100
 d_3_0 dr_3_0 1
 d_3_1 obj 100
 d_3_1 dr_3_1 1
 d_3_2 obj 100
 d_3_2 dr_3_2 1
 d_3_4 obj 100
 d_3_4 dr_3_4 1
 d_3_9 obj 100
 d_3_9 dr_3_9 1
 d_3_14 obj 100
 d_3_14 dr_3_14 1
 d_3_15 obj 100
 d_3_15 dr_3_15 1
 oe_0 obj 100000
 oe_0 out_0 -1
 oe_1 obj 100000
 oe_1 out_1 -1
 ie_2 obj 100000
 ie_2 in_2 -1
 ie_3 obj 100000
 ie_3 in_3 -1
 qs obj 100000
 qs quota 1
 MARKER 'MARKER' 'INTORG'
 z obj 0
 z bbz 5
 z bb -1
 MARKER 'MARKER' 'INTEND'
 bs obj 100000
 bs bb 1
 k_const obj 2668.333333333334
RHS
 rhs a_0 1
 rhs a_1 1
 rhs a_2 1
 rhs a_8 1
 rhs a_9 1
 rhs dr_0_0 2.08
 rhs dr_0_1 1.4
 rhs dr_0_2 0.16000000000000014
 rhs dr_0_5 0.7199999999999998
 rhs dr_0_6 -0.32000000000000006
 rhs dr_0_14 0.31999999999999984
 rhs dr_0_15 -0.19999999999999996
 rhs dr_1_0 2.04
 rhs dr_1_1 0.19999999999999996
 rhs dr_1_4 0.3599999999999999
 rhs dr_1_9 -0.66
 rhs dr_2_0 7.56
 rhs dr_2_1 1.8
 rhs dr_2_2 1.62
 rhs dr_2_5 1.1466666666666667
 rhs dr_2_6 0.4533333333333333
 rhs dr_2_9 0.4533333333333333
 rhs dr_2_14 0.88
 rhs dr_2_15 0.5333333333333333
 rhs dr_3_0 1.52
 rhs dr_3_1 0.6
 rhs dr_3_2 0.54
 rhs dr_3_4 0.9066666666666666
 rhs dr_3_9 0.22666666666666666
 rhs dr_3_14 0.44
 rhs dr_3_15 0.26666666666666666
 rhs quota 1
 rhs out_0 2
 rhs out_1 1
 rhs in_2 2
 rhs in_3 2
BOUNDS
 UP bnd x_0_0 1
 UP bnd x_0_1 1
 UP bnd x_1_0 1
 UP bnd x_1_1 1
 UP bnd x_2_0 1
 UP bnd x_2_1 1
 UP bnd x_3_0 1
 UP bnd x_8_0 1
 UP bnd x_8_1 1
 UP bnd x_9_0 1
 UP bnd x_9_1 1
 UP bnd z 6
 FX bnd k_const 1
ENDATA
